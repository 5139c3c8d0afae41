from django.contrib import admin

from surveys.models import PersonalLink, Question, RespondentGroup, Survey


class RespondentGroupInline(admin.TabularInline):
    model = RespondentGroup
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    fk_name = "survey"
    extra = 0
    fields = ["position", "kind", "text", "required", "shown_if_question", "shown_if_value"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title", "report_year", "opens_on", "closes_on"]
    list_filter = ["report_year"]
    search_fields = ["title"]
    inlines = [RespondentGroupInline, QuestionInline]


@admin.register(PersonalLink)
class PersonalLinkAdmin(admin.ModelAdmin):
    # Answers are deliberately not in the admin: the results page shows them per group, and an
    # anonymous answer should not be browsed one by one.
    list_display = ["survey", "label", "group", "used_on"]
    list_filter = ["survey"]
    readonly_fields = ["token", "used_on"]
