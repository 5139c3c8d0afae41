from django.contrib import admin

from offers.models import Offer, OfferPause


class OfferPauseInline(admin.TabularInline):
    model = OfferPause
    extra = 0


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "audience", "weekdays", "start_time", "status"]
    list_filter = ["status", "kind", "audience"]
    search_fields = ["title", "organisation__name", "place"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["languages"]
    inlines = [OfferPauseInline]
