from django.urls import path

from organisations import views

app_name = "organisations"

urlpatterns = [
    path("organisasjoner/", views.directory, name="directory"),
    path("organisasjoner/<slug:slug>/", views.detail, name="detail"),
    path("koordinator/organisasjoner/", views.staff_list, name="staff_list"),
    path("koordinator/organisasjoner/ny/", views.create, name="create"),
    path("koordinator/organisasjoner/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("koordinator/organisasjoner/<int:pk>/rediger/", views.edit, name="edit"),
    path("koordinator/organisasjoner/<int:pk>/arkiver/", views.archive, name="archive"),
    path("koordinator/organisasjoner/<int:pk>/kontaktpersoner/ny/", views.contact_person_form, name="contact_person_create"),
    path(
        "koordinator/organisasjoner/<int:pk>/kontaktpersoner/<int:person_pk>/",
        views.contact_person_form,
        name="contact_person_edit",
    ),
    path("mine-organisasjoner/", views.editor_home, name="editor_home"),
    path("mine-organisasjoner/<slug:slug>/rediger/", views.editor_edit, name="editor_edit"),
]
