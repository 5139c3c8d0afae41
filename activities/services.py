"""Writes of activities, premises and resources."""

from django.db import transaction

from activities.models import ActivityOrganisation, ActivityRole

ROLE_FIELDS = {
    "co_organisers": ActivityRole.CO_ORGANISER,
    "taking_part": ActivityRole.TAKING_PART,
    "gave_input": ActivityRole.INPUT,
}


def activity_set_organisations(*, activity, by_role):
    """by_role: {role: organisations}. An organisation named in two roles keeps the first of
    co-organiser, input, taking part (one row per activity and organisation)."""
    wanted = {}
    for role in (ActivityRole.CO_ORGANISER, ActivityRole.INPUT, ActivityRole.TAKING_PART):
        for organisation in by_role.get(role, []):
            wanted.setdefault(organisation.pk, role)
    ActivityOrganisation.objects.filter(activity=activity).exclude(organisation_id__in=list(wanted)).delete()
    for organisation_id, role in wanted.items():
        ActivityOrganisation.objects.update_or_create(
            activity=activity, organisation_id=organisation_id, defaults={"role": role}
        )


@transaction.atomic
def activity_save_form(*, form):
    activity = form.save()  # its own fields and the measures and plan items
    activity_set_organisations(
        activity=activity,
        by_role={role: form.cleaned_data.get(field) or [] for field, role in ROLE_FIELDS.items()},
    )
    return activity


def activity_delete(*, activity):
    activity.delete()


def premises_save_form(*, form):
    return form.save()


def resource_save_form(*, form):
    return form.save()
