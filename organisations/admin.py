from django.contrib import admin

from organisations.models import (
    ActivityCategory,
    Consent,
    ContactPerson,
    EditorInvitation,
    Event,
    Language,
    ListingDescription,
    ListingRevision,
    Organisation,
    PremisesNeed,
    Tag,
)


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


class ListingDescriptionInline(admin.StackedInline):
    model = ListingDescription
    extra = 0


class PremisesNeedInline(admin.TabularInline):
    model = PremisesNeed
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    # Spreadsheets go through the portal's one import screen (/koordinator/import/), all or nothing.
    list_display = ["name", "kind", "municipality", "published_on", "archived_at"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "org_number", "description"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["languages", "activities", "tags", "active_in", "editors"]
    inlines = [ContactPersonInline, ListingDescriptionInline, PremisesNeedInline]
    # Publishing needs a consent on record: it happens on the coordinators' consent page
    # (organisations.services.organisation_set_published), never by typing a date here.
    readonly_fields = ["published_on"]

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


@admin.register(EditorInvitation)
class EditorInvitationAdmin(admin.ModelAdmin):
    # Invitations are made on the coordinator screen (it sends the link); the admin only reads.
    list_display = ["email", "organisation", "created_at", "expires_at", "used_at", "cancelled_at"]
    list_select_related = ["organisation"]
    exclude = ["token_hash"]
    readonly_fields = ["organisation", "email", "expires_at", "used_at", "cancelled_at", "invited_by", "accepted_by"]

    def has_add_permission(self, request):
        return False


@admin.register(ListingRevision)
class ListingRevisionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "status", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by"]
    list_filter = ["status"]
    list_select_related = ["organisation", "submitted_by", "reviewed_by"]
    readonly_fields = ["data", "previous"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    # Read only: consent is recorded and withdrawn on the consent pages, which keep the listing's
    # published state in step (a consent withdrawn here would leave the listing public).
    list_display = ["organisation", "given_by", "given_on", "wording_version", "withdrawn_at"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "starts_at", "status", "audience"]
    list_filter = ["status", "audience"]
    list_select_related = ["organisation"]
    search_fields = ["title", "organisation__name"]
