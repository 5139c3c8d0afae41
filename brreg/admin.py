from django.contrib import admin

from brreg.models import ImportRun, RegistryRecord


@admin.register(RegistryRecord)
class RegistryRecordAdmin(admin.ModelAdmin):
    list_display = ("organisation", "org_number", "checked_on", "found", "bankrupt", "under_liquidation",
                    "under_forced_dissolution", "in_frivillighetsregisteret")
    list_filter = ("found", "bankrupt", "under_liquidation", "under_forced_dissolution", "in_frivillighetsregisteret", "source")
    search_fields = ("organisation__name", "org_number", "name")
    list_select_related = ("organisation",)
    readonly_fields = [f.name for f in RegistryRecord._meta.fields]  # the register's word, not edited by hand


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ("created_at", "file_name", "status", "entities_read", "created_by")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportRun._meta.fields]
