from django.contrib import admin

from reports.models import AnnualReport, ReportSection, ReportSending


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "version", "status", "approved_on", "published_on"]
    list_filter = ["status", "year"]
    readonly_fields = ["snapshot", "pdf"]
    inlines = [ReportSectionInline]


@admin.register(ReportSending)
class ReportSendingAdmin(admin.ModelAdmin):
    list_display = ["report", "sent_at", "segment_name"]
    readonly_fields = ["report", "sent_at", "sent_by", "mailing", "segment_name"]
