from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("rapporter/", views.public_list, name="public_list"),
    path("rapporter/<int:year>/", views.detail, name="detail"),
    path("rapporter/<int:year>.pdf", views.pdf_download, name="pdf"),
    path("rapporter/bilder/<int:section_pk>/", views.section_image, name="section_image"),
    path("koordinator/rapporter/", views.report_list, name="report_list"),
    path("koordinator/rapporter/ny/", views.report_create, name="report_create"),
    path("koordinator/rapporter/<int:pk>/", views.report_edit, name="report_edit"),
    path("koordinator/rapporter/<int:pk>/godkjenn/", views.report_approve, name="report_approve"),
    path("koordinator/rapporter/<int:pk>/periode/", views.report_period, name="report_period"),
    path("koordinator/rapporter/<int:pk>/send/", views.report_send, name="report_send"),
    path("koordinator/rapporter/<int:pk>/publiser/", views.report_publish, name="report_publish"),
    path("koordinator/rapporter/<int:pk>/ny-versjon/", views.report_reopen, name="report_reopen"),
    path("koordinator/rapporter/<int:pk>/kapitler/ny/", views.section_form, name="section_create"),
    path("koordinator/rapporter/<int:pk>/kapitler/<int:section_pk>/", views.section_form, name="section_edit"),
    path("koordinator/rapporter/kapitler/<int:section_pk>/flytt/", views.section_move, name="section_move"),
    path("koordinator/rapporter/kapitler/<int:section_pk>/slett/", views.section_delete, name="section_delete"),
]
