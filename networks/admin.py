from django.contrib import admin

from networks.models import Agreement, AgreementParty, Relationship


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "other", "starts_on", "ends_on"]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "other__name"]
    autocomplete_fields = ["organisation", "other"]


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    autocomplete_fields = ["organisation"]
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on"]
    search_fields = ["title", "text"]
    date_hierarchy = "starts_on"
    inlines = [AgreementPartyInline]
    raw_id_fields = ["meeting", "activity", "event"]
