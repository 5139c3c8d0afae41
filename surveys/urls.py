from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("koordinator/undersokelser/", views.survey_list, name="survey_list"),
    path("koordinator/undersokelser/ny/", views.survey_create, name="survey_create"),
    path("koordinator/undersokelser/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("koordinator/undersokelser/<int:pk>/rediger/", views.survey_edit, name="survey_edit"),
    path("koordinator/undersokelser/<int:pk>/sporsmal/ny/", views.question_form, name="question_create"),
    path("koordinator/undersokelser/<int:pk>/sporsmal/<int:question_pk>/", views.question_form, name="question_edit"),
    path("koordinator/undersokelser/<int:pk>/sporsmal/<int:question_pk>/flytt/", views.question_move, name="question_move"),
    path("koordinator/undersokelser/<int:pk>/sporsmal/<int:question_pk>/slett/", views.question_delete, name="question_delete"),
    path("koordinator/undersokelser/<int:pk>/lenker/", views.links_create, name="links_create"),
    path("koordinator/undersokelser/<int:pk>/send/", views.survey_send, name="survey_send"),
    path("koordinator/undersokelser/<int:pk>/paminnelse/", views.survey_remind, name="survey_remind"),
    path("koordinator/undersokelser/<int:pk>/anonymiser/", views.survey_anonymise, name="survey_anonymise"),
    path("koordinator/undersokelser/<int:pk>/resultater/", views.results, name="results"),
    path("koordinator/undersokelser/<int:pk>/svar.<slug:file_format>", views.export_answers, name="export_answers"),
    path("undersokelser/lenke/<str:token>/", views.answer_personal, name="answer_personal"),
    path("undersokelser/<str:token>/personlig/", views.answer_personal_submit, name="answer_personal_submit"),
    path("undersokelser/takk/<str:token>/", views.thanks, name="thanks"),
    path("undersokelser/<str:token>/", views.answer, name="answer"),
]
