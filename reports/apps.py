from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reports'
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True

    def ready(self):
        from portal.privacy import audit
        from reports import checks  # noqa: F401 (registers the snapshot readers' check)

        audit.register("reports.AnnualReport", exclude=["updated_at", "created_at", "pdf", "snapshot"])
        audit.register("reports.ReportSection", exclude=["updated_at"])
        audit.register("reports.ReportSending")
