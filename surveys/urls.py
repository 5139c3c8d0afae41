from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("koordinator/undersokelser/", views.survey_list, name="survey_list"),
]
