"""What search engines and social media read: /robots.txt, /sitemap.xml and /favicon.ico.

The sitemap lists the public pages only: the start page, the directory, every published listing,
the calendar and the panel meetings' public pages, the input followed up (/innspill/), the published annual reports. Everything for
signed-in people is left out, and robots.txt asks crawlers to stay out of it too."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from organisations.models import Organisation
from panel import selectors as panel_selectors
from reports import selectors as report_selectors

DISALLOWED = ("/koordinator/", "/konto/", "/admin/", "/mine-organisasjoner/", "/invitasjon/", "/undersokelser/",
              "/innebygd/")


def sitemap_paths():
    """(path, last modified date or None) of every public page."""
    paths = [(reverse(name), None) for name in ("home", "organisations:directory", "panel:calendar", "panel:public_input", "reports:public_list")]
    paths.append((reverse("accessibility"), None))
    for organisation in Organisation.objects.published().only("slug", "updated_at", "published_on", "archived_at").order_by("name"):
        paths.append((organisation.get_absolute_url(), organisation.updated_at.date()))
    for meeting in panel_selectors.calendar_meetings():
        paths.append((reverse("panel:public_meeting", args=[meeting.pk]), meeting.updated_at.date()))
    for entry in report_selectors.reports_for_list(staff=False):
        if entry["published"]:
            paths.append((reverse("reports:detail", args=[entry["year"]]), entry["published"].published_on))
    return paths


@require_GET
def sitemap(request):
    urls = [{"loc": request.build_absolute_uri(path), "lastmod": lastmod} for path, lastmod in sitemap_paths()]
    return HttpResponse(render_to_string("portal/sitemap.xml", {"urls": urls}), content_type="application/xml; charset=utf-8")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in DISALLOWED]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@cache_control(max_age=7 * 24 * 3600, public=True)
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the file lives in static/ like the rest.
    return FileResponse(open(finders.find("icons/favicon.ico"), "rb"), content_type="image/x-icon")
