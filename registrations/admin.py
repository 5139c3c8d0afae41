from django.contrib import admin

from registrations.models import Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    # Decisions go through the coordinators' queue (/koordinator/registreringer/), which sends the e-mails.
    list_display = ["name", "org_number", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    search_fields = ["name", "org_number"]
    readonly_fields = ["status", "user", "organisation", "decided_by", "decided_at", "confirmed_at", "expires_at"]
