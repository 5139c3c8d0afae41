from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'surveys'
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        audit.register("surveys.Survey", exclude=["updated_at", "created_at"])
        audit.register("surveys.RespondentGroup")
        audit.register("surveys.Question", exclude=["updated_at", "created_at"])
        # A link's use must carry no time (docs/operations.md "Anonymity: the threat model"): an entry per use,
        # timed to the microsecond and labelled with the person the link was sent to, would line up
        # with the answers one to one. Links are made and deleted with their survey, which is audited.
        audit.exempt(
            "surveys.PersonalLink",
            _("En personlig lenkes bruk lagres uten klokkeslett; en logg ved siden av den ville avsløre hvem som svarte."),
        )
        # Anonymous answers must never be audited (docs/domain.md "Privacy"): an entry beside them would
        # carry a time and an actor that lead back to the respondent.
        anonymous = _("Svar på spørreundersøkelser kan være anonyme; en logg ved siden av dem ville avsløre hvem som svarte.")
        audit.exempt("surveys.Response", anonymous)
        audit.exempt("surveys.Answer", anonymous)
        audit.exempt("surveys.SubmissionKey", anonymous)
