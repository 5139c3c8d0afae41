from django.apps import AppConfig


class GoalsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'goals'
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        audit.register("goals.Goal", exclude=["updated_at", "created_at"])
        audit.register("goals.GoalValue")
        audit.register("goals.PlanItem", exclude=["updated_at", "created_at"])
        audit.register("goals.PlanItemYear", exclude=["updated_at"])
        audit.register("goals.Measure", exclude=["updated_at", "created_at"])
        audit.register("goals.MeasureYear")
