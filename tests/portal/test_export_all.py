"""The spreadsheet export, the coordinators' transfer format: `export_all DIR` then `import_data DIR`
into an emptied registry, and the export of what was imported is the same export, file for file.
(The backup, which keeps everything, is tests/portal/test_full_backup.py.)"""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from portal.spreadsheets import importing
from portal.privacy.roles import domain_apps

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow(reason="the whole demo registry exported to the spreadsheets and imported into an empty database again"),
]

def empty_the_registry(keep):
    """Delete every record of the portal's apps except the reference rows their migrations made."""
    remaining = [m for label in domain_apps() for m in apps.get_app_config(label).get_models() if m not in keep]
    for _round in range(len(remaining) + 1):
        blocked = []
        for model in remaining:
            try:
                with transaction.atomic():
                    model._default_manager.all().delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                blocked.append(model)
        remaining = blocked
        if not remaining:
            break
    assert not remaining, f"could not empty {remaining}"


def reference_models():
    return {m for label in domain_apps() for m in apps.get_app_config(label).get_models() if m._default_manager.exists()}


@pytest.fixture
def demo_registry(capsys):
    keep = reference_models()
    call_command("seed_demo")
    capsys.readouterr()
    return keep


def test_an_export_imports_back_unchanged(demo_registry, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("export_all", str(first), stdout=io.StringIO())
    written = sorted(path.name for path in first.iterdir())
    assert written == sorted(f"{stem}.csv" for stem in importing.available_stems())  # the sheets and nothing else
    empty_the_registry(keep=demo_registry)
    call_command("import_data", str(first), stdout=io.StringIO())
    call_command("export_all", str(second), stdout=io.StringIO())
    for name in written:
        exported = (first / name).read_bytes()
        assert exported.count(b"\n") > 1, f"{name}: the demo has rows for it"
        assert (second / name).read_bytes() == exported, name
