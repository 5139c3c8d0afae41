"""Every scalar figure of the annual report, by its key in the report JSON (domain.md).

This is the one place a figure's key meets the function that computes it: the report assembles
its JSON from here, and a goal's computed indicator is one of these keys. Each function lives in
the owning app's selectors.py and takes the year: `f(year) -> int | None`.
"""

from importlib import import_module

from django.utils.translation import gettext_lazy as _

# key → (dotted path of the selector, label shown when choosing a goal's indicator)
FIGURES = {
    "panel.meetings": ("panel.selectors.meetings_count", _("Møter i Erfaringspanelet")),
    "panel.organisations_represented": (
        "panel.selectors.organisations_represented",
        _("Innvandrerorganisasjoner representert i panelet"),
    ),
    "panel.organisations_represented_previous_year": (
        "panel.selectors.organisations_represented_previous_year",
        _("Innvandrerorganisasjoner representert i panelet året før"),
    ),
    "panel.growth_percent": ("panel.selectors.growth_percent", _("Økning i representerte organisasjoner (%)")),
    "panel.organisations_at_two_or_more_meetings": (
        "panel.selectors.organisations_at_two_or_more_meetings",
        _("Innvandrerorganisasjoner på to eller flere møter (i år og i fjor)"),
    ),
    "panel.municipal_services_at_two_or_more_meetings": (
        "panel.selectors.municipal_services_at_two_or_more_meetings",
        _("Kommunale virksomheter på to eller flere møter"),
    ),
    "outreach.organisations_contacted": (
        "outreach.selectors.organisations_contacted",
        _("Innvandrerorganisasjoner kontaktet"),
    ),
    "outreach.organisations_responded": (
        "outreach.selectors.organisations_responded",
        _("Innvandrerorganisasjoner som har svart eller er møtt"),
    ),
    "outreach.organisations_met": (
        "outreach.selectors.organisations_met",
        _("Innvandrerorganisasjoner møtt"),
    ),
    "outreach.people_met": ("outreach.selectors.people_met", _("Personer møtt fysisk")),
    "outreach.guidance_given": ("outreach.selectors.guidance_given", _("Veiledninger gitt")),
    "directory.published_at_year_end": (
        "organisations.selectors.published_at_year_end",
        _("Innvandrerorganisasjoner i den offentlige katalogen ved årets slutt"),
    ),
    # domain.md `activities` (activities dated in the year)
    "activities.own_events": ("activities.selectors.own_events", _("Egne arrangementer")),
    "activities.own_event_participants": (
        "activities.selectors.own_event_participants",
        _("Deltakere på egne arrangementer"),
    ),
    "activities.campaigns": ("activities.selectors.campaigns", _("Kampanjer")),
    "activities.consultations": ("activities.selectors.consultations", _("Høringer")),
    "activities.organisations_in_consultations": (
        "activities.selectors.organisations_in_consultations",
        _("Innvandrerorganisasjoner som ga innspill til høringer"),
    ),
    "activities.media_mentions": ("activities.selectors.media_mentions", _("Medieoppslag")),
    "activities.network_meetings": ("activities.selectors.network_meetings", _("Nettverkssamlinger")),
    "activities.courses": ("activities.selectors.courses", _("Kurs")),
}


def figure_function(key):
    """The selector behind a key, or None while the part of the portal that owns it is missing."""
    dotted, _label = FIGURES[key]
    module_path, _dot, name = dotted.rpartition(".")
    try:
        return getattr(import_module(module_path), name)
    except (ImportError, AttributeError):
        return None


def compute(key, year):
    function = figure_function(key)
    return None if function is None else function(year)


def available_figures():
    """(key, label) of every figure that can be computed in this version of the portal."""
    return [(key, label) for key, (_dotted, label) in FIGURES.items() if figure_function(key) is not None]
