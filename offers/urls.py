from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("faste-tilbud/", views.offer_list, name="list"),
    path("mine-organisasjoner/<slug:slug>/faste-tilbud/", views.editor_list, name="editor_list"),
    path("mine-organisasjoner/<slug:slug>/faste-tilbud/ny/", views.editor_form, name="editor_create"),
    path("mine-organisasjoner/<slug:slug>/faste-tilbud/<int:pk>/", views.editor_form, name="editor_edit"),
    path("mine-organisasjoner/<slug:slug>/faste-tilbud/<int:pk>/slett/", views.editor_delete, name="editor_delete"),
    path("koordinator/faste-tilbud/", views.staff_list, name="staff_list"),
    path("koordinator/faste-tilbud/ny/", views.staff_create, name="staff_create"),
    path("koordinator/faste-tilbud/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("koordinator/faste-tilbud/<int:pk>/rediger/", views.staff_edit, name="staff_edit"),
    path("koordinator/faste-tilbud/<int:pk>/slett/", views.staff_delete, name="staff_delete"),
]
