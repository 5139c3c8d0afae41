from django.urls import path

from grants import views

app_name = "grants"

urlpatterns = [
    path("tilskudd/", views.round_list, name="round_list"),
    path("tilskudd/<int:pk>/", views.round_public, name="round_public"),
    # the organisation's own pages
    path("mine-organisasjoner/<slug:slug>/tilskudd/", views.editor_applications, name="editor_applications"),
    path("mine-organisasjoner/<slug:slug>/tilskudd/runder/<int:round_pk>/sok/", views.editor_apply, name="editor_apply"),
    path("mine-organisasjoner/<slug:slug>/tilskudd/<int:pk>/", views.editor_application, name="editor_application"),
    path("mine-organisasjoner/<slug:slug>/tilskudd/<int:pk>/vedlegg/", views.editor_attachment_add, name="editor_attachment_add"),
    path(
        "mine-organisasjoner/<slug:slug>/tilskudd/<int:pk>/vedlegg/<int:attachment_pk>/",
        views.editor_attachment_download,
        name="editor_attachment_download",
    ),
    path("mine-organisasjoner/<slug:slug>/tilskudd/<int:pk>/vedtak.pdf", views.editor_decision_pdf, name="editor_decision_pdf"),
    path("mine-organisasjoner/<slug:slug>/tilskudd/<int:pk>/rapport/", views.editor_use_report, name="editor_use_report"),
    # coordinators
    path("koordinator/tilskudd/", views.dashboard, name="dashboard"),
    path("koordinator/tilskudd/klare-til-a-soke/", views.readiness, name="readiness"),
    path("koordinator/tilskudd/ordninger/ny/", views.scheme_form, name="scheme_create"),
    path("koordinator/tilskudd/ordninger/<int:pk>/", views.scheme_form, name="scheme_edit"),
    path("koordinator/tilskudd/runder/ny/", views.round_form, name="round_create"),
    path("koordinator/tilskudd/runder/<int:pk>/", views.round_detail, name="round_detail"),
    path("koordinator/tilskudd/runder/<int:pk>/rediger/", views.round_form, name="round_edit"),
    path("koordinator/tilskudd/runder/<int:pk>/papirsoknad/", views.application_create, name="application_create"),
    path("koordinator/tilskudd/soknader/<int:pk>/", views.application_detail, name="application_detail"),
    path("koordinator/tilskudd/soknader/<int:pk>/vurdering/", views.application_assess, name="application_assess"),
    path("koordinator/tilskudd/soknader/<int:pk>/vedtak/", views.application_decide, name="application_decide"),
    path("koordinator/tilskudd/vedlegg/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("koordinator/tilskudd/soknader/<int:pk>/vedtak.pdf", views.decision_pdf, name="decision_pdf"),
    path("koordinator/tilskudd/soknader/<int:pk>/utbetaling/", views.application_payment, name="application_payment"),
    path("koordinator/tilskudd/soknader/<int:pk>/veiledning/", views.application_guidance, name="application_guidance"),
    path("koordinator/tilskudd/soknader/<int:pk>/klage/", views.complaint_create, name="complaint_create"),
    path("koordinator/tilskudd/klager/<int:pk>/utfall/", views.complaint_outcome, name="complaint_outcome"),
    path("koordinator/tilskudd/imdi/<int:year>.pdf", views.imdi_report_pdf, name="imdi_report_pdf"),
    path("koordinator/tilskudd/imdi/<int:year>.xlsx", views.imdi_report_xlsx, name="imdi_report_xlsx"),
]
