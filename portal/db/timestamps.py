"""The `created_at`/`updated_at` pair most records carry, written once (an abstract model: no
table, no migration; the apps' tables keep exactly the columns they had)."""

from django.db import models


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
