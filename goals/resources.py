"""The goals sheets (docs/features.md "Goals and plan spreadsheets"): goals.csv, goal_values.csv,
measures.csv, plan_items.csv and plan_item_years.csv. Export writes the columns the import reads,
so an export imports back unchanged. Goals and measures are matched by title, plan items by
(plan, position), the yearly rows by their item and year."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from goals.models import Direction, Goal, GoalValue, Measure, MeasureStatus, MeasureYear, PlanItem, PlanItemYear, Source, TargetKind
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import (  # codes or the labels the screens show (docs/domain.md)
    ByNameWidget, CodeWidget, PortalResource, WholeNumberWidget, column, year_widget,
)
from portal.text.sanitize import clean_html

LIST_SEPARATOR = "|"


class NumberWidget(widgets.Widget):
    """A decimal number; a Norwegian comma (12,5) is read as a point. Exported without
    trailing zeros (9.00 → 9) so the sheet reads as typed."""

    spreadsheet_type = "number"  # an XLSX number cell (portal.spreadsheets.writing)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise ValueError(_("«%(value)s» er ikke et tall.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        value = Decimal(value)
        return str(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def year_cell():
    return year_widget(gettext_lazy("«%(value)s» er ikke et årstall."))


def position_cell():
    return WholeNumberWidget(message=gettext_lazy("«%(value)s» er ikke et heltall (0 eller mer)."))


class ByTitleWidget(ByNameWidget):
    """A goal or measure named in a cell, matched by title ignoring case."""

    def __init__(self, model, label):
        super().__init__(model, field="title", unknown="")
        self.label = label

    def unknown_message(self, name):
        return _("ukjent %(what)s «%(title)s»") % {"what": self.label, "title": name}


class TitlesWidget(widgets.ManyToManyWidget):
    """Titles separated by |, each matched ignoring case; an unknown title is an error."""

    def __init__(self, model, label):
        super().__init__(model, separator=LIST_SEPARATOR, field="title")
        self.label = label

    def clean(self, value, row=None, **kwargs):
        one = ByTitleWidget(self.model, self.label)
        return [one.clean(title) for title in str(value or "").split(LIST_SEPARATOR) if title.strip()]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return LIST_SEPARATOR.join(item.title for item in value.all())



def _row_text(row, column):
    return str(row.get(column) or "").strip()


GOAL_COLUMNS = (
    "title", "source", "description", "indicator", "baseline_year", "baseline_value",
    "target_kind", "target_value", "direction", "position",
)


@importing.register("goals")
class GoalResource(PortalResource):
    portal_columns = GOAL_COLUMNS

    title = column("title")
    source = column("source", widget=CodeWidget(Source.choices, required=False))
    description = column("description")
    indicator = column("indicator", attribute="indicator_key")
    baseline_year = column("baseline_year", widget=year_cell())
    baseline_value = column("baseline_value", widget=NumberWidget())
    target_kind = column("target_kind", widget=CodeWidget(TargetKind.choices, required=False))
    target_value = column("target_value", widget=NumberWidget())
    direction = column("direction", widget=CodeWidget(Direction.choices, required=False))
    position = column("position", widget=position_cell())

    class Meta:
        model = Goal
        fields = GOAL_COLUMNS
        import_id_fields = ("title",)

    def get_instance(self, instance_loader, row):
        title = _row_text(row, "title")
        return Goal.objects.filter(title__iexact=title).first() if title else None

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        # Empty cells take the model's defaults rather than failing as blank choices.
        for attribute, default in (("source", "grant"), ("indicator_key", "manual"), ("direction", "at_least")):
            if not getattr(instance, attribute):
                setattr(instance, attribute, default)
        if instance.position is None:
            instance.position = 0

    def get_export_queryset(self, request=None):
        return Goal.objects.order_by("position", "title")


GOAL_VALUE_COLUMNS = ("goal", "year", "value", "note")


@importing.register("goal_values")
class GoalValueResource(PortalResource):
    portal_columns = GOAL_VALUE_COLUMNS

    goal = column("goal", widget=ByTitleWidget(Goal, _("mål")))
    year = column("year", widget=year_cell())
    value = column("value", widget=NumberWidget())
    note = column("note")

    class Meta:
        model = GoalValue
        fields = GOAL_VALUE_COLUMNS
        import_id_fields = ("goal", "year")

    def get_instance(self, instance_loader, row):
        title, year = _row_text(row, "goal"), _row_text(row, "year")
        if not title or not year.isdigit():
            return None
        return GoalValue.objects.filter(goal__title__iexact=title, year=int(year)).first()

    def get_export_queryset(self, request=None):
        return GoalValue.objects.select_related("goal").order_by("goal__position", "goal__title", "year")


MEASURE_COLUMNS = ("position", "title", "description", "year", "status", "deliverables")


@importing.register("measures")
class MeasureResource(PortalResource):
    """measures.csv: one row per measure and year (status and deliverables); the measure's own
    columns repeat on each of its rows, a row with an empty year sets only the measure."""

    portal_columns = MEASURE_COLUMNS

    position = column("position", attribute="measure__position", widget=position_cell(), readonly=True)
    title = column("title", attribute="measure__title", readonly=True)
    description = column("description", attribute="measure__description", readonly=True)
    year = column("year", widget=year_cell())
    status = column("status", widget=CodeWidget(MeasureStatus.choices, required=False))
    deliverables = column("deliverables")

    class Meta:
        model = MeasureYear
        fields = MEASURE_COLUMNS

    def _measure(self, row):
        title = _row_text(row, "title")
        if not title:
            return None
        return Measure.objects.filter(title__iexact=title).first()

    def get_instance(self, instance_loader, row):
        measure, year = self._measure(row), _row_text(row, "year")
        if measure is None or not year.isdigit():
            return None
        return MeasureYear.objects.filter(measure=measure, year=int(year)).first()

    def import_instance(self, instance, row, **kwargs):
        from django.core.exceptions import ValidationError

        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        title = _row_text(row, "title")
        if not title:
            errors.setdefault("measure__title", []).append(_("mangler"))
        try:
            position = position_cell().clean(row.get("position"))
        except ValueError as exc:
            errors.setdefault("measure__position", []).append(str(exc))
            position = None
        if errors:
            raise ValidationError(errors)
        # The measure itself is created or updated from the row; its yearly row follows.
        measure = self._measure(row) or Measure(title=title)
        measure.title = title
        measure.description = _row_text(row, "description")
        measure.position = position or 0
        measure.save()
        instance.measure = measure
        if not instance.status:
            instance.status = "not_started"

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A row without a year describes the measure only (already saved in import_instance).
        return not import_validation_errors and instance.year is None

    def get_export_queryset(self, request=None):
        return MeasureYear.objects.select_related("measure").order_by("measure__position", "measure__title", "year")

    def export(self, queryset=None, **kwargs):
        dataset = super().export(queryset=queryset, **kwargs)
        # Measures without any year still belong in the sheet, as a row without a year.
        for measure in Measure.objects.filter(years__isnull=True).order_by("position", "title"):
            dataset.append([str(measure.position), measure.title, measure.description, "", "", ""])
        return dataset


PLAN_ITEM_COLUMNS = ("plan", "chapter", "position", "text")


@importing.register("plan_items")
class PlanItemResource(PortalResource):
    portal_columns = PLAN_ITEM_COLUMNS

    plan = column("plan", attribute="plan_name")
    chapter = column("chapter")
    position = column("position", widget=position_cell())
    text = column("text")

    class Meta:
        model = PlanItem
        fields = PLAN_ITEM_COLUMNS

    def get_instance(self, instance_loader, row):
        plan, position = _row_text(row, "plan"), _row_text(row, "position")
        if not plan or not position.isdigit():
            return None
        return PlanItem.objects.filter(plan_name=plan, position=int(position)).first()

    def get_export_queryset(self, request=None):
        return PlanItem.objects.order_by("plan_name", "position")


class PlanItemField(fields.Field):
    """The plan item of a yearly row, named by two columns: plan and position."""

    def clean(self, row, **kwargs):
        plan, position = _row_text(row, "plan"), _row_text(row, "position")
        if not plan:
            raise ValueError(_("mangler"))
        try:
            number = position_cell().clean(position)
        except ValueError:
            raise ValueError(_("«%(value)s» er ikke et heltall (0 eller mer).") % {"value": position}) from None
        item = PlanItem.objects.filter(plan_name=plan, position=number).first()
        if item is None:
            raise ValueError(_("planen «%(plan)s» har ikke punkt %(position)s") % {"plan": plan, "position": position})
        return item

    def export(self, instance, **kwargs):
        return instance.plan_item.plan_name


PLAN_ITEM_YEAR_COLUMNS = ("plan", "position", "year", "achieved", "goals", "measures")


@importing.register("plan_item_years")
class PlanItemYearResource(PortalResource):
    portal_columns = PLAN_ITEM_YEAR_COLUMNS

    plan = PlanItemField(attribute="plan_item", column_name="plan")
    position = column("position", attribute="plan_item__position", widget=position_cell(), readonly=True)
    year = column("year", widget=year_cell())
    achieved = column("achieved", attribute="achieved_text")
    goals = column("goals", widget=TitlesWidget(Goal, _("mål")))
    measures = column("measures", widget=TitlesWidget(Measure, _("tiltak")))

    class Meta:
        model = PlanItemYear
        fields = PLAN_ITEM_YEAR_COLUMNS

    def get_instance(self, instance_loader, row):
        plan, position, year = _row_text(row, "plan"), _row_text(row, "position"), _row_text(row, "year")
        if not plan or not position.isdigit() or not year.isdigit():
            return None
        return PlanItemYear.objects.filter(
            plan_item__plan_name=plan, plan_item__position=int(position), year=int(year)
        ).first()

    def import_instance(self, instance, row, **kwargs):
        from django.core.exceptions import ValidationError

        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # The many-to-many columns are checked now, so an unknown title fails the row with
        # its column instead of surfacing later as a bare error.
        for name in ("goals", "measures"):
            try:
                self.fields[name].clean(row)
            except ValueError as exc:
                errors.setdefault(name, []).append(str(exc))
        if errors:
            raise ValidationError(errors)
        # Stored cleaned, as the coordinators' form stores it.
        instance.achieved_text = clean_html(instance.achieved_text or "").strip()

    def get_export_queryset(self, request=None):
        return (
            PlanItemYear.objects.select_related("plan_item")
            .prefetch_related("goals", "measures")
            .order_by("plan_item__plan_name", "plan_item__position", "year")
        )
