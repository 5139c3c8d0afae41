from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'panel'

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, figures, importing
        from panel import invalidation

        invalidation.connect()  # which cached public pages a change makes stale

        figures.register("panel.meetings", "panel.selectors.meetings_count", _("Møter i Erfaringspanelet"), periods=True)
        figures.register(
            "panel.organisations_represented",
            "panel.selectors.organisations_represented",
            _("Innvandrerorganisasjoner representert i panelet"),
            periods=True,
        )
        figures.register(
            "panel.organisations_represented_previous_year",
            "panel.selectors.organisations_represented_previous_year",
            _("Innvandrerorganisasjoner representert i panelet året før"),
        )
        figures.register(
            "panel.growth_percent", "panel.selectors.growth_percent", _("Økning i representerte organisasjoner (%)")
        )
        figures.register(
            "panel.organisations_at_two_or_more_meetings",
            "panel.selectors.organisations_at_two_or_more_meetings",
            _("Innvandrerorganisasjoner på to eller flere møter (i år og i fjor)"),
        )
        figures.register(
            "panel.municipal_services_at_two_or_more_meetings",
            "panel.selectors.municipal_services_at_two_or_more_meetings",
            _("Kommunale virksomheter på to eller flere møter"),
        )
        # docs/domain.md `input`: the input raised at the year's panel meetings (input.by_service is a
        # list; the report adds it beside these).
        for name, label in [
            ("raised", _("Innspill meldt i Erfaringspanelet")),
            ("answered", _("Innspill besvart eller gjennomført")),
            ("implemented", _("Innspill gjennomført")),
            ("not_pursued", _("Innspill ikke fulgt opp")),
            ("open", _("Innspill som ikke er besvart")),
            ("organisations_heard", _("Innvandrerorganisasjoner som har fått svar på innspill")),
            ("median_days_to_answer", _("Dager til svar på innspill (median)")),
        ]:
            figures.register(f"input.{name}", f"panel.selectors.input_{name}", label)
        importing.register("meetings", "panel.resources.MeetingResource")
        importing.register("attendance", "panel.resources.AttendanceResource")
        importing.register("input", "panel.resources.InputResource")  # after the meetings it names

        audit.register("panel.Topic")
        audit.register("panel.Meeting", exclude=["updated_at", "created_at", "sequence"])
        audit.register("panel.MeetingSeries", exclude=["updated_at", "created_at"])
        audit.register("panel.Attendance", exclude=["updated_at"])
        audit.register("panel.Guest")
        audit.register("panel.MeetingAttachment", exclude=["uploaded_at"])
        audit.register("panel.Invitation", exclude=["updated_at", "created_at", "reminded_at"])
        audit.register("panel.InputItem", exclude=["updated_at", "created_at", "changed_by"])
        audit.register("panel.ServiceMember")
        audit.register("panel.InputProposal", exclude=["updated_at", "created_at"])
        audit.exempt("panel.InputOverviewVisit", _("Bare tidspunktet for en koordinators siste besøk på innspillsoversikten"))
        # Its personal data in the record of processing (portal.processing).
        from panel import privacy

        privacy.declare()
