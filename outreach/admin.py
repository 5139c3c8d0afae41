from django.contrib import admin

from outreach.models import Contact, EventInvitation, Guidance


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    # Spreadsheets go through the portal's one import screen (/koordinator/import/), all or nothing.
    list_display = ["date", "organisation", "channel", "direction", "outcome", "head_count", "follow_up_on"]
    list_filter = ["channel", "outcome", "direction", "organisation__kind"]
    search_fields = ["organisation__name", "note"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["persons_met"]
    list_select_related = ["organisation"]


@admin.register(Guidance)
class GuidanceAdmin(admin.ModelAdmin):
    list_display = ["date", "organisation", "person_name", "topic", "status", "minutes_spent"]
    list_filter = ["topic", "status"]
    search_fields = ["organisation__name", "person_name", "request", "outcome"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]


@admin.register(EventInvitation)
class EventInvitationAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "organisation", "response"]
    list_filter = ["response"]
    search_fields = ["title", "organisation__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
