from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grants"
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True
    verbose_name = _("Tilskudd")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        for model in ("GrantScheme", "GrantRound", "GrantApplication", "Complaint", "UseReport"):
            audit.register(f"grants.{model}", exclude=["updated_at", "created_at"])
        audit.register("grants.Attachment")
        # A draft is the organisation's own until it is sent: coordinators may not read it, so
        # neither may the audit trail they read (no entry while the application is a draft).
        from auditlog.signals import pre_log

        pre_log.connect(_leave_drafts_out, dispatch_uid="grants.leave_drafts_out")


def _leave_drafts_out(sender, instance, action=None, **kwargs):
    from auditlog.models import LogEntry
    from auditlog.receivers import log_create

    from grants.models import ApplicationStatus, Attachment, GrantApplication

    if sender is GrantApplication:
        if instance.status == ApplicationStatus.DRAFT:
            return False
        if action == LogEntry.Action.UPDATE:
            stored = GrantApplication.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
            if stored == ApplicationStatus.DRAFT:
                # Sent now: the trail starts here, as if created, with none of the draft's values.
                log_create(sender, instance, created=True)
                return False
    if sender is Attachment:
        application = GrantApplication.objects.filter(pk=instance.application_id).values_list("status", flat=True).first()
        if application == ApplicationStatus.DRAFT:
            return False
    return None
