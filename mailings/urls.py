from django.urls import path

from mailings import views

app_name = "mailings"

urlpatterns = [
    path("koordinator/utvalg/", views.segment_list, name="segment_list"),
    path("koordinator/utvalg/ny/", views.segment_form, name="segment_create"),
    path("koordinator/utvalg/<int:pk>/", views.segment_detail, name="segment_detail"),
    path("koordinator/utvalg/<int:pk>/rediger/", views.segment_form, name="segment_edit"),
    path("koordinator/utsendelser/", views.mailing_list, name="mailing_list"),
    path("koordinator/utsendelser/ny/", views.mailing_form, name="mailing_create"),
    path("koordinator/utsendelser/<int:pk>/", views.mailing_detail, name="mailing_detail"),
    path("koordinator/utsendelser/<int:pk>/rediger/", views.mailing_form, name="mailing_edit"),
    path("koordinator/utsendelser/<int:pk>/fremdrift/", views.mailing_progress, name="mailing_progress"),
    path("koordinator/utsendelser/<int:pk>/test/", views.mailing_test_send, name="mailing_test_send"),
    path("koordinator/utsendelser/<int:pk>/send/", views.mailing_send, name="mailing_send"),
    path("koordinator/utsendelser/<int:pk>/vedlegg/ny/", views.attachment_add, name="attachment_add"),
    path("koordinator/utsendelser/vedlegg/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path(
        "koordinator/utsendelser/vedlegg/<int:attachment_pk>/slett/", views.attachment_delete, name="attachment_delete"
    ),
    path("koordinator/utsendelser/mottakere/<int:pk>/svar/", views.recipient_reply, name="recipient_reply"),
    path("koordinator/utsendelser/mottakere/<int:pk>/retur/", views.recipient_bounce, name="recipient_bounce"),
    path("koordinator/kontaktpersoner/<int:pk>/utsendelser/samtykke/", views.person_consent, name="person_consent"),
    path("koordinator/kontaktpersoner/<int:pk>/utsendelser/avmeld/", views.person_opt_out, name="person_opt_out"),
    path(
        "koordinator/organisasjoner/<int:pk>/utsendelsesspraak/",
        views.organisation_language,
        name="organisation_language",
    ),
    path("utsendelser/avmelding/<str:token>/", views.opt_out, name="opt_out"),
]
