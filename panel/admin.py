from django.contrib import admin

from panel.models import Attendance, Guest, InputItem, Invitation, Meeting, MeetingAttachment, ServiceMember, Topic


class AttendanceInline(admin.TabularInline):
    model = Attendance
    autocomplete_fields = ["organisation"]
    extra = 0


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "kind", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "date"
    inlines = [AttendanceInline, GuestInline]
    filter_horizontal = ["topics"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(InputItem)
class InputItemAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "assigned_service", "status", "due_on", "public"]
    list_filter = ["status", "public"]
    search_fields = ["text", "theme"]

    def save_model(self, request, obj, form, change):
        # The coordinators' screen and the admin assign the same way: through the service, which
        # records who assigned the item and mails the service's members.
        from panel import services

        services.input_save_form(form=form, user=request.user)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "organisation", "status", "sent_at"]
    list_filter = ["status"]


@admin.register(ServiceMember)
class ServiceMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation"]


admin.site.register(MeetingAttachment)
