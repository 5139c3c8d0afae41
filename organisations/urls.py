from django.urls import path

from organisations import views

app_name = "organisations"

# The pages that show other apps' records too (the public listing, the coordinators' list and page,
# the moderation queue, the editor's contact person) are in hub/organisation_pages.py; hub/urls.py
# adds them to this namespace.

urlpatterns = [
    path("organisasjoner/", views.directory, name="directory"),
    path("organisasjoner.json", views.directory_json, name="directory_json"),
    path("organisasjoner/<slug:slug>/", views.detail, name="detail"),
    path("innebygd/organisasjoner/", views.directory_embed, name="directory_embed"),
    path("koordinator/organisasjoner/ny/", views.create, name="create"),
    path("koordinator/organisasjoner/<int:pk>/rediger/", views.edit, name="edit"),
    path("koordinator/organisasjoner/<int:pk>/arkiver/", views.archive, name="archive"),
    path("koordinator/organisasjoner/<int:pk>/kontaktpersoner/ny/", views.contact_person_form, name="contact_person_create"),
    path(
        "koordinator/organisasjoner/<int:pk>/kontaktpersoner/<int:person_pk>/",
        views.contact_person_form,
        name="contact_person_edit",
    ),
    path("koordinator/organisasjoner/<int:pk>/redaktorer/", views.staff_editors, name="staff_editors"),
    path(
        "koordinator/organisasjoner/<int:pk>/redaktorer/<int:user_pk>/fjern/",
        views.staff_editor_revoke,
        name="staff_editor_revoke",
    ),
    path(
        "koordinator/organisasjoner/<int:pk>/invitasjoner/<int:invitation_pk>/trekk-tilbake/",
        views.staff_invitation_cancel,
        name="staff_invitation_cancel",
    ),
    path("koordinator/organisasjoner/<int:pk>/samtykke/", views.staff_consent, name="staff_consent"),
    path("koordinator/organisasjoner/<int:pk>/historikk/", views.staff_history, name="staff_history"),
    path("koordinator/moderering/endringer/<int:pk>/", views.moderation_revision, name="moderation_revision"),
    path("endringer/<int:pk>/logo/", views.revision_logo, name="revision_logo"),
    path("koordinator/moderering/arrangementer/<int:pk>/", views.moderation_event, name="moderation_event"),
    path("invitasjon/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("mine-organisasjoner/", views.editor_home, name="editor_home"),
    path("mine-organisasjoner/<slug:slug>/", views.editor_organisation, name="editor_organisation"),
    path("mine-organisasjoner/<slug:slug>/rediger/", views.editor_edit, name="editor_edit"),
    path("mine-organisasjoner/<slug:slug>/endringer/<int:pk>/", views.editor_revision, name="editor_revision"),
    path("mine-organisasjoner/<slug:slug>/historikk/", views.editor_history, name="editor_history"),
    path("mine-organisasjoner/<slug:slug>/samtykke/", views.editor_consent, name="editor_consent"),
    path("mine-organisasjoner/<slug:slug>/bekreft/", views.editor_confirm, name="editor_confirm"),
    path("mine-organisasjoner/<slug:slug>/arrangementer/ny/", views.editor_event, name="editor_event_create"),
    path("mine-organisasjoner/<slug:slug>/arrangementer/<int:pk>/", views.editor_event, name="editor_event_edit"),
    path("mine-organisasjoner/<slug:slug>/opplysninger/", views.editor_record, name="editor_record"),
    path(
        "mine-organisasjoner/<slug:slug>/kontaktpersoner/<int:pk>/fjern/",
        views.editor_contact_person_remove,
        name="editor_contact_person_remove",
    ),
    path("mine-organisasjoner/<slug:slug>/lokalbehov/ny/", views.editor_premises_need, name="editor_premises_need_create"),
    path("mine-organisasjoner/<slug:slug>/lokalbehov/<int:pk>/", views.editor_premises_need, name="editor_premises_need_edit"),
    path(
        "mine-organisasjoner/<slug:slug>/lokalbehov/<int:pk>/dekket/",
        views.editor_premises_need_withdraw,
        name="editor_premises_need_withdraw",
    ),
    path("koordinator/lokalbehov/", views.premises_needs, name="premises_needs"),
    path("koordinator/lokalbehov/lokalbehov-per-ukedag.xlsx", views.premises_needs_xlsx, name="premises_needs_xlsx"),
    path("koordinator/lokalbehov/lokalbehov.xlsx", views.premises_needs_list_xlsx, name="premises_needs_list_xlsx"),
    path(
        "mine-organisasjoner/<slug:slug>/arrangementer/<int:pk>/slett/",
        views.editor_event_delete,
        name="editor_event_delete",
    ),
]
