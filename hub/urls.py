from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hub import calendar, discovery, organisation_pages, views
from organisations import urls as organisation_urls
from portal.background import views as job_views
from portal.operations import health
from portal.web import locale

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("sitemap.xml", discovery.sitemap, name="sitemap"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("kalender/", calendar.calendar, name="calendar"),
    path("kalender.ics", calendar.calendar_ics, name="calendar_ics"),
    path("kalender.json", calendar.calendar_json, name="calendar_json"),
    path("konto/logg-inn/", views.SignInView.as_view(), name="login"),
    path("konto/logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # The language switch without a CSRF token, so public pages can be cached (portal/web/locale.py).
    path("i18n/setlang/", locale.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("koordinator/", views.dashboard, name="dashboard"),
    path("koordinator/import/", views.import_upload, name="import"),
    path("koordinator/import/mal/<slug:stem>.<slug:file_format>", views.import_template, name="import_template"),
    path("koordinator/eksport/<slug:stem>.<slug:file_format>", views.export_file, name="export"),
    path("koordinator/logg/", views.audit_log, name="audit_log"),
    path("koordinator/personvern/", views.retention, name="retention"),
    path("koordinator/behandlingsprotokoll/", views.processing_record, name="processing_record"),
    path("koordinator/behandlingsprotokoll.pdf", views.processing_record_pdf, name="processing_record_pdf"),
    path("helse/", health.health, name="health"),
    path("jobber/<int:pk>/status.json", job_views.job_status, name="job_status"),
    path("koordinator/jobber/", job_views.job_list, name="job_list"),
    path("koordinator/jobber/<int:pk>/prov-igjen/", job_views.job_retry, name="job_retry"),
    path("admin/", admin.site.urls),
    path("", include((organisation_urls.urlpatterns + organisation_pages.urlpatterns, "organisations"))),
    path("", include("panel.urls")),
    path("", include("outreach.urls")),
    path("", include("surveys.urls")),
    path("", include("goals.urls")),
    path("", include("activities.urls")),
    path("", include("offers.urls")),
    path("", include("grants.urls")),
    path("", include("networks.urls")),
    path("", include("reports.urls")),
    path("", include("brreg.urls")),
    path("", include("mailings.urls")),
    path("", include("registrations.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
