from django.contrib import admin

from goals.models import Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
from portal.text.sanitize import clean_html


class GoalValueInline(admin.TabularInline):
    model = GoalValue
    extra = 0


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "indicator_key", "baseline_year", "baseline_value", "target_kind", "target_value", "position"]
    list_filter = ["source", "target_kind"]
    search_fields = ["title", "description"]
    inlines = [GoalValueInline]


class MeasureYearInline(admin.TabularInline):
    model = MeasureYear
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["position", "title"]
    search_fields = ["title", "description"]
    inlines = [MeasureYearInline]


class PlanItemYearInline(admin.StackedInline):
    model = PlanItemYear
    extra = 0
    filter_horizontal = ["goals", "measures"]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["plan_name", "chapter", "position", "text"]
    list_filter = ["plan_name"]
    search_fields = ["text"]
    inlines = [PlanItemYearInline]

    def save_formset(self, request, form, formset, change):
        # The account is stored cleaned here too, as the coordinators' form stores it.
        for inline_form in formset.forms:
            if hasattr(inline_form, "cleaned_data") and "achieved_text" in inline_form.cleaned_data:
                inline_form.instance.achieved_text = clean_html(inline_form.cleaned_data["achieved_text"]).strip()
        super().save_formset(request, form, formset, change)
