from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = _("Aktiviteter, lokaler og ressurser")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, figures, importing
        from activities import invalidation

        invalidation.connect()  # which cached public pages a change makes stale

        # docs/domain.md `activities` (activities dated in the year)
        figures.register("activities.own_events", "activities.selectors.own_events", _("Egne arrangementer"), periods=True)
        figures.register(
            "activities.own_event_participants",
            "activities.selectors.own_event_participants",
            _("Deltakere på egne arrangementer"),
            periods=True,
        )
        figures.register("activities.campaigns", "activities.selectors.campaigns", _("Kampanjer"), periods=True)
        figures.register("activities.consultations", "activities.selectors.consultations", _("Høringer"), periods=True)
        figures.register(
            "activities.organisations_in_consultations",
            "activities.selectors.organisations_in_consultations",
            _("Innvandrerorganisasjoner som ga innspill til høringer"),
            periods=True,
        )
        figures.register("activities.media_mentions", "activities.selectors.media_mentions", _("Medieoppslag"), periods=True)
        figures.register("activities.network_meetings", "activities.selectors.network_meetings", _("Nettverkssamlinger"), periods=True)
        figures.register("activities.courses", "activities.selectors.courses", _("Kurs"), periods=True)
        importing.register("activities", "activities.resources.ActivityResource")

        audit.register("activities.Activity", exclude=["updated_at", "created_at"])
        audit.register("activities.ActivityOrganisation")
        audit.register("activities.Premises", exclude=["updated_at"])
        audit.register("activities.Resource", exclude=["updated_at"])
        # Its personal data in the record of processing (portal.processing).
        from activities import privacy

        privacy.declare()
