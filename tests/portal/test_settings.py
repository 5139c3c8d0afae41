import os
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group

from portal.privacy import roles


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
    )


def test_check_deploy_is_clean_with_production_settings():
    done = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="mangfold.example.org")
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_deploy_fails_without_a_secret_key():
    done = run_check(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="mangfold.example.org")
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stdout + done.stderr


def test_a_bad_boolean_fails_loudly():
    done = run_check(DJANGO_DEBUG="maybe")
    assert done.returncode != 0
    assert "DJANGO_DEBUG" in done.stderr


def test_an_embed_origin_that_is_not_an_origin_fails_loudly():
    done = run_check(PORTAL_EMBED_ORIGINS="https://www.sandnes.kommune.example, *")
    assert done.returncode != 0
    assert "PORTAL_EMBED_ORIGINS" in done.stderr and "'*'" in done.stderr


def test_a_job_backend_other_than_database_or_rq_fails_loudly():
    done = run_check(PORTAL_TASKS_BACKEND="celery")
    assert done.returncode != 0
    assert "PORTAL_TASKS_BACKEND must be one of database, rq, not 'celery'" in done.stderr


def test_rq_without_a_redis_address_says_what_to_set():
    done = run_check(PORTAL_TASKS_BACKEND="rq", PORTAL_RQ_URL="", PORTAL_CACHE_URL="")
    assert done.returncode != 0
    assert "PORTAL_TASKS_BACKEND=rq needs Redis: set PORTAL_RQ_URL=redis://" in done.stderr


def test_the_rq_worker_refuses_to_start_on_the_database_backend():
    environment = {k: v for k, v in os.environ.items() if k != "PORTAL_TASKS_BACKEND"}
    done = subprocess.run([sys.executable, "manage.py", "rqworker"], capture_output=True, text=True, env=environment, timeout=120)
    assert done.returncode != 0
    assert "The job backend is not RQ: set PORTAL_TASKS_BACKEND=rq" in done.stderr


@pytest.mark.django_db
def test_roles_exist_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.COORDINATOR, roles.COUNCIL_STAFF, roles.ORGANISATION_EDITOR} <= names
    coordinator = Group.objects.get(name=roles.COORDINATOR)
    staff = Group.objects.get(name=roles.COUNCIL_STAFF)
    assert coordinator.permissions.filter(codename="change_organisation").exists()
    assert staff.permissions.filter(codename="view_organisation").exists()
    assert not staff.permissions.filter(codename="change_organisation").exists()
    assert not Group.objects.get(name=roles.ORGANISATION_EDITOR).permissions.exists()


def _load_the_server(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"], capture_output=True, text=True, env=environment, timeout=120
    )


def test_the_server_refuses_to_start_with_debug_off_and_no_secret_key(tmp_path):
    """On the public development key anyone could forge the signed RSVP and unsubscribe links."""
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    done = _load_the_server(DJANGO_DEBUG="0", DJANGO_STATIC_ROOT=str(tmp_path))
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "DJANGO_SECRET_KEY is not set" in done.stderr
    # With a key of its own it starts; in development (DEBUG on) the development key is fine.
    assert _load_the_server(DJANGO_DEBUG="0", DJANGO_STATIC_ROOT=str(tmp_path), DJANGO_SECRET_KEY=secrets.token_urlsafe(50)).returncode == 0
    assert _load_the_server(DJANGO_DEBUG="1").returncode == 0
