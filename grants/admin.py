from django.contrib import admin

from grants.models import Complaint, GrantApplication, GrantRound, GrantScheme, UseReport


@admin.register(GrantScheme)
class GrantSchemeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder"]


@admin.register(GrantRound)
class GrantRoundAdmin(admin.ModelAdmin):
    list_display = ["scheme", "year", "allocation", "deadline", "published"]
    list_filter = ["year", "scheme"]


@admin.register(GrantApplication)
class GrantApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "round", "part", "applied_amount", "status", "granted_amount"]
    list_filter = ["status", "part", "round__year"]
    search_fields = ["organisation__name", "project"]
    raw_id_fields = ["organisation", "guidance"]


admin.site.register(Complaint)
admin.site.register(UseReport)
