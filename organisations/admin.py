from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from organisations.models import ActivityCategory, ContactPerson, Language, Organisation, Tag
from organisations.resources import OrganisationResource


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(ImportExportModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "kind", "municipality", "published_on", "contact_status", "archived_at"]
    list_filter = ["kind", "contact_status", "municipality"]
    search_fields = ["name", "org_number", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["languages", "activities", "tags", "editors"]
    inlines = [ContactPersonInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_search_text()


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "role", "email", "phone"]
    search_fields = ["name", "email", "organisation__name"]
    list_select_related = ["organisation"]


admin.site.register(Language, list_display=["code", "name_nb", "name_en"])
admin.site.register(ActivityCategory, list_display=["code", "name_nb", "name_en"])
admin.site.register(Tag)
