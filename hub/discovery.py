"""What search engines and social media read: /robots.txt, /sitemap.xml and /favicon.ico.

The sitemap lists the public pages only: the start page, the directory, every published listing,
the calendar, the panel meetings' and the public series' pages, the input followed up (/innspill/),
the regular offers (/faste-tilbud/), the public activities, premises, resources, the grant rounds
announced, the published annual reports, the page where organisations register. Everything for
signed-in people is left out, and robots.txt asks crawlers to stay out of it too (and out of the
registrations' confirmation links)."""

from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from organisations.models import Organisation
from panel import selectors as panel_selectors
from reports import selectors as report_selectors
from activities import selectors as activity_selectors
from grants.models import GrantRound
from panel.models import MeetingSeries

DISALLOWED = ("/koordinator/", "/konto/", "/admin/", "/mine-organisasjoner/", "/invitasjon/", "/undersokelser/",
              "/innebygd/", "/registrer-organisasjon/bekreft/")


PUBLIC_PAGES = (
    "home", "organisations:directory", "calendar", "panel:public_input", "reports:public_list", "accessibility",
    "activities:premises_list", "activities:resource_list", "grants:round_list", "offers:list", "registrations:register",
)


def sitemap_paths():
    """(path, last modified date or None) of every public page, each under the address that shows
    it: a meeting of a series is on its series' page (it has no page of its own)."""
    paths = [(reverse(name), None) for name in PUBLIC_PAGES]
    for organisation in Organisation.objects.published().only("slug", "updated_at", "published_on", "archived_at").order_by("name"):
        paths.append((organisation.get_absolute_url(), organisation.updated_at.date()))
    for meeting in panel_selectors.calendar_meetings().filter(series__isnull=True):
        paths.append((reverse("panel:public_meeting", args=[meeting.pk]), meeting.updated_at.date()))
    for series in MeetingSeries.objects.filter(public=True).order_by("name"):
        paths.append((reverse("panel:public_series", args=[series.slug]), None))
    for activity in activity_selectors.public_activities().order_by("date", "pk").only("pk"):
        paths.append((reverse("activities:public_detail", args=[activity.pk]), None))
    for grant_round in GrantRound.objects.filter(published=True).order_by("-year", "pk").only("pk"):
        paths.append((reverse("grants:round_public", args=[grant_round.pk]), None))
    for entry in report_selectors.reports_for_list(staff=False):
        if entry["published"]:
            paths.append((reverse("reports:detail", args=[entry["year"]]), entry["published"].published_on))
    return paths


@require_GET
def sitemap(request):
    urls = [{"loc": request.build_absolute_uri(path), "lastmod": lastmod} for path, lastmod in sitemap_paths()]
    return HttpResponse(render_to_string("hub/sitemap.xml", {"urls": urls}), content_type="application/xml; charset=utf-8")


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
