from django.contrib import admin

from reports.models import AnnualReport, ReportSection


class ReportSectionInline(admin.StackedInline):
    model = ReportSection
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "version", "status", "approved_on", "published_on"]
    list_filter = ["status", "year"]
    readonly_fields = ["snapshot", "pdf"]
    inlines = [ReportSectionInline]
