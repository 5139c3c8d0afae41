from django.urls import path

from panel import views

app_name = "panel"

urlpatterns = [
    # Public
    path("erfaringspanelet/", views.panel_page, name="panel_page"),
    path("erfaringspanelet/<int:pk>/", views.public_meeting, name="public_meeting"),
    path("erfaringspanelet/<int:pk>/mote.ics", views.meeting_ics, name="meeting_ics"),
    path("moteserier/<slug:slug>/", views.public_series, name="public_series"),
    path("innspill/", views.public_input, name="public_input"),
    path("innspill.json", views.public_input_json, name="public_input_json"),
    # The answer links of an invitation e-mail (signed; no sign-in)
    path("invitasjon/<str:token>/ja/", views.invitation_accept, name="invitation_accept"),
    path("invitasjon/<str:token>/nei/", views.invitation_decline, name="invitation_decline"),
    path("invitasjon/<str:token>/dokumenter/<int:attachment_pk>/", views.invitation_document, name="invitation_document"),
    # Organisation editors
    path("mine-organisasjoner/<slug:slug>/innspill/", views.editor_input, name="editor_input"),
    path("mine-organisasjoner/<slug:slug>/innspill/nytt/", views.editor_input_propose, name="editor_input_propose"),
    # Coordinators and council staff
    path("koordinator/panel/", views.meeting_list, name="meeting_list"),
    path("koordinator/panel/tall/", views.figures, name="figures"),
    path("koordinator/panel/tall.json", views.figures_json, name="figures_json"),
    path("koordinator/panel/nytt/", views.meeting_create, name="meeting_create"),
    path("koordinator/panel/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("koordinator/panel/<int:pk>/rediger/", views.meeting_edit, name="meeting_edit"),
    path("koordinator/panel/<int:pk>/referat/", views.meeting_minutes, name="meeting_minutes"),
    path("koordinator/panel/<int:pk>/referat/publiser/", views.minutes_publish, name="minutes_publish"),
    path("koordinator/panel/<int:pk>/referat/send/", views.minutes_send, name="minutes_send"),
    path("koordinator/panel/<int:pk>/gjester/", views.guest_add, name="guest_add"),
    path("koordinator/panel/<int:pk>/gjester/<int:guest_pk>/slett/", views.guest_delete, name="guest_delete"),
    path("koordinator/panel/<int:pk>/vedlegg/", views.attachment_add, name="attachment_add"),
    path("koordinator/panel/vedlegg/<int:attachment_pk>/", views.attachment_download, name="attachment_download"),
    path("koordinator/panel/vedlegg/<int:attachment_pk>/slett/", views.attachment_delete, name="attachment_delete"),
    path("koordinator/panel/<int:pk>/invitasjoner/", views.invitations, name="invitations"),
    path("koordinator/panel/<int:pk>/invitasjoner/svar/", views.invitation_answers, name="invitation_answers"),
    path("koordinator/panel/<int:pk>/oppmote/", views.attendance, name="attendance"),
    path("koordinator/panel/<int:pk>/innloggingsark.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("koordinator/panel/<int:pk>/referat.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("koordinator/moteserier/", views.series_list, name="series_list"),
    path("koordinator/moteserier/ny/", views.series_create, name="series_create"),
    path("koordinator/moteserier/<slug:slug>/", views.series_detail, name="series_detail"),
    path("koordinator/moteserier/<slug:slug>/rediger/", views.series_edit, name="series_edit"),
    path("koordinator/moteserier/<slug:slug>/rapport/<int:year>/", views.series_report, name="series_report"),
    path("koordinator/innspill/", views.input_list, name="input_list"),
    path("koordinator/innspill/virksomheter/", views.service_members, name="service_members"),
    path("koordinator/innspill/virksomheter/<int:member_pk>/slett/", views.service_member_delete, name="service_member_delete"),
    path("koordinator/innspill/nytt/", views.input_create, name="input_create"),
    path("koordinator/innspill/forslag/", views.proposal_list, name="proposal_list"),
    path("koordinator/innspill/forslag/<int:pk>/ta-med/", views.proposal_accept, name="proposal_accept"),
    path("koordinator/innspill/forslag/<int:pk>/svar/", views.proposal_decline, name="proposal_decline"),
    path("koordinator/innspill/<int:pk>/", views.input_edit, name="input_edit"),
    path("koordinator/innspill/<int:pk>/svar/", views.input_answer, name="input_answer"),
]
