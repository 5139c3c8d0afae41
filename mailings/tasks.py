"""The background task that sends a mailing (django-tasks)."""

import functools

from django.db import transaction
from django_tasks import task

from mailings import services


@task()
def send_mailing(*, mailing_id):
    services.mailing_deliver(mailing_id=mailing_id)


def enqueue_send(*, mailing, user=None):
    """Enqueue once the caller's transaction has committed: the worker must see the queued mailing."""
    transaction.on_commit(functools.partial(send_mailing.enqueue, mailing_id=mailing.pk))
