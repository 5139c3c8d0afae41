from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

import activities.demo
import goals.demo
import grants.demo
import networks.demo
import offers.demo
import organisations.demo
import outreach.demo
import panel.demo
import reports.demo
import surveys.demo
from organisations.models import Organisation
from portal.privacy import roles

# Each app adds its demo records with a `seed(stdout)` function, in this order (the panel's meeting
# series beyond the panel just before the activities, which name the same organisations).
SEED_STEPS = [
    organisations.demo.seed, panel.demo.seed, outreach.demo.seed, surveys.demo.seed, goals.demo.seed,
    panel.demo.seed_series, activities.demo.seed, offers.demo.seed, grants.demo.seed, networks.demo.seed, reports.demo.seed,
]

DEMO_USERS = [
    # username, password, role, description
    ("koordinator", "demo-koordinator", roles.COORDINATOR, "mangfoldskoordinator"),
    ("kommune", "demo-kommune", roles.COUNCIL_STAFF, "kommuneansatt"),
    ("redaktor", "demo-redaktor", roles.ORGANISATION_EDITOR, "redaktør for Eritreisk Forening i Rogaland"),
]


class Command(BaseCommand):
    help = "Build a realistic demo registry (fictional contact details, never a real person)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="only when the registry is empty")

    def handle(self, if_empty=False, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The database already has data: demo data not loaded.")
        else:
            with transaction.atomic():
                roles.sync_role_permissions()
                self._users()
                for seed in SEED_STEPS:
                    seed(self.stdout)
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Demo sign-ins (http://127.0.0.1:8000/konto/logg-inn/):")
        for username, password, _role, description in DEMO_USERS:
            self.stdout.write(f"  {username} / {password}  ({description})")

    def _users(self):
        User = get_user_model()
        for username, password, role, _description in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=role))
