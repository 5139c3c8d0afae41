"""Writes of activities, premises and resources."""

from django.db import transaction
from django.utils import timezone

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
    resource = form.save()
    resource_place_file(resource=resource)
    return resource


def resource_place_file(*, resource):
    """Keep the resource's file where its audience is: the media root (public, at /media/) for a
    public resource, the private media root for one that is not, moved when `public` changed."""
    import posixpath
    import uuid

    from activities.models import PRIVATE_RESOURCE_PREFIX, Resource

    if not resource.file:
        return
    name = resource.file.name
    private = name.startswith(PRIVATE_RESOURCE_PREFIX)
    if resource.public != private:
        return  # already where it belongs
    storage = resource.file.storage
    base = posixpath.basename(name)
    if resource.public:
        target = posixpath.join("resources", timezone.localdate().strftime("%Y"), base)
    else:
        # An unguessable folder as well: nothing of the name is found by trying.
        target = posixpath.join(PRIVATE_RESOURCE_PREFIX + "resources", uuid.uuid4().hex, base)
    with storage.open(name, "rb") as handle:
        saved = storage.save(target, handle)
    Resource.objects.filter(pk=resource.pk).update(file=saved)
    storage.delete(name)
    resource.file.name = saved
