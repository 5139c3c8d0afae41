"""The day's overview on /koordinator/: what waits for the person signing in, with links.

Each figure is a selector of the owning app (conventions 2); this module only picks them per role.
Coordinators see the whole portal's work; council staff (docs/domain.md "Who uses it") only what they
can act on: the input items of the services they answer for and the next panel meeting; no
contact log (contact persons, internal notes), no moderation.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from offers import selectors as offer_selectors
from networks import selectors as network_selectors
from organisations import selectors as organisation_selectors
from outreach import selectors as outreach_selectors
from panel import selectors as panel_selectors
from registrations import selectors as registration_selectors


def _url(name, anchor="", **query):
    return reverse(name) + (f"?{urlencode(query)}" if query else "") + (f"#{anchor}" if anchor else "")


def coordinator_overview(user=None, today=None):
    """Eleven queries: input (1, with what is new since `user` last opened the input overview),
    registrations waiting (1), waiting approval and stale (3), regular offers waiting approval (1),
    follow-ups (1), the next meeting (1), the meeting series behind their expected number of meetings
    (1), networks and agreements (3: the year's agreements, those starting or ending soon, the
    editors' proposals); pinned in tests/portal/test_dashboard.py."""
    today = today or timezone.localdate()
    inputs = panel_selectors.input_item_counts(seen_by=user, today=today)
    new_input = (
        [{"key": "new_input", "label": _("Innspill som er nye, besvart eller endret siden ditt forrige besøk"),
          "count": inputs["new"], "url": _url("panel:input_list", "nytt")}]
        if user is not None else []
    )
    waiting = organisation_selectors.waiting_counts(today)
    follow_ups = outreach_selectors.follow_up_counts(today)
    return {
        "tiles": [
            {"key": "overdue_input", "label": _("Innspill over fristen"), "count": inputs["overdue"],
             "url": _url("panel:input_list", status="open", overdue="on"),
             "note": _("%(open)s åpne i alt") % {"open": inputs["open"]}},
            *new_input,
            {"key": "registrations", "label": _("Organisasjoner som har registrert seg og venter på behandling"),
             "count": registration_selectors.waiting_count(), "url": _url("registrations:queue")},
            {"key": "revisions", "label": _("Endringer av oppføringer som venter på godkjenning"), "count": waiting["revisions"],
             "url": _url("organisations:moderation_queue", "endringer")},
            {"key": "events", "label": _("Arrangementer som venter på godkjenning"), "count": waiting["events"],
             "url": _url("organisations:moderation_queue", "arrangementer")},
            {"key": "offers", "label": _("Faste tilbud som venter på godkjenning"), "count": offer_selectors.pending_count(),
             "url": _url("organisations:moderation_queue", "faste-tilbud")},
            {"key": "stale", "label": _("Oppføringer som ikke er bekreftet på tolv måneder"), "count": waiting["stale"],
             "url": _url("organisations:moderation_queue", "utdaterte")},
            {"key": "follow_ups", "label": _("Kontakter å følge opp nå"), "count": follow_ups["due"],
             "url": _url("outreach:dashboard"),
             "note": _("%(upcoming)s til de neste 14 dagene") % {"upcoming": follow_ups["upcoming"]}},
        ],
        "next_meeting": panel_selectors.next_panel_meeting(today),
        "series_behind": panel_selectors.series_behind_schedule(today),
        "agreements": network_selectors.dashboard_networks(today),
    }


def council_staff_overview(user, today=None):
    today = today or timezone.localdate()
    inputs = panel_selectors.input_item_counts(user=user, today=today)
    return {
        "tiles": [
            {"key": "my_overdue_input", "label": _("Innspill til din enhet over fristen"), "count": inputs["overdue"],
             "url": _url("panel:input_list", status="open", overdue="on")},
            {"key": "my_open_input", "label": _("Åpne innspill til din enhet"), "count": inputs["open"],
             "url": _url("panel:input_list", status="open")},
        ],
        "next_meeting": panel_selectors.next_panel_meeting(today),
    }
