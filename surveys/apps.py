from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'surveys'

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, importing

        importing.register("surveys", "surveys.resources.SurveyResource")
        importing.register("survey_questions", "surveys.resources.SurveyQuestionResource")
        importing.register("survey_answers", "surveys.resources.SurveyAnswerResource")

        audit.register("surveys.Survey", exclude=["updated_at", "created_at"])
        audit.register("surveys.RespondentGroup")
        audit.register("surveys.Question", exclude=["updated_at", "created_at"])
        # The link's token lets anyone answer in the group's name: not for the trail.
        audit.register("surveys.PersonalLink", exclude=["token", "created_at"])
        # Anonymous answers must never be audited (domain.md "Privacy"): an entry beside them would
        # carry a time and an actor that lead back to the respondent.
        anonymous = _("Svar på spørreundersøkelser kan være anonyme; en logg ved siden av dem ville avsløre hvem som svarte.")
        audit.exempt("surveys.Response", anonymous)
        audit.exempt("surveys.Answer", anonymous)
        audit.exempt("surveys.SubmissionKey", anonymous)
        # Its personal data in the record of processing (portal.processing).
        from surveys import privacy

        privacy.declare()
