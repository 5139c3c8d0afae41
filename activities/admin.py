from django.contrib import admin

from activities.models import Activity, ActivityOrganisation, Premises, Resource


class ActivityOrganisationInline(admin.TabularInline):
    model = ActivityOrganisation
    autocomplete_fields = ["organisation"]
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "kind", "participants", "public"]
    list_filter = ["kind", "public"]
    search_fields = ["title", "note"]
    date_hierarchy = "date"
    inlines = [ActivityOrganisationInline]
    filter_horizontal = ["measures", "plan_items"]


@admin.register(Premises)
class PremisesAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "terms", "public"]
    search_fields = ["name", "owner", "address"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "public"]
    list_filter = ["kind", "public"]
    search_fields = ["title", "description"]
    filter_horizontal = ["languages"]
