from django.contrib import admin

from mailings.models import Mailing, Segment


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]
    filter_horizontal = ["languages", "activities"]


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    # Recipients (contact persons) are read on the mailing's page, where the roles are checked.
    list_display = ["subject", "segment_name", "status", "queued_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["subject"]
    readonly_fields = ["status", "queued_by", "queued_at", "finished_at", "created_by"]
