"""Migrating the test database back to the state before a data migration and forward again, for
the tests of data migrations, at the cost of the migrations that must be unapplied and no more.

Django's executor, migrating backwards, first walks its forwards plan to compute the project state
before each migration it unapplies, and renders that state (builds the historical model classes)
at the first one: from there every operation of every later migration re-renders the models it
touches and all the models related to them, which in this project is most of them. That walk was
as costly as unapplying the migrations, and more where the plan puts applied migrations of other
apps in between (about 160 of them after organisations 0007). Here the walk stays unrendered,
which costs next to nothing, and each state is rendered once, from scratch, just before its
migration is unapplied. The migrations that run, and the states they run with, are the ones
`manage.py migrate` would use; forwards, Django's executor is used as it is.

Rendering makes thousands of model classes, full of reference cycles: the garbage collector ran
some 1,900 times in one consent-migration test, each full pass walking the whole heap. During a
step it is paused, with the heap from before the step frozen, and collects the step's garbage
once at its end: about 15 % less CPU for that test in a fresh process, 28 % with a long-lived
worker's heap (1.5 million objects) around it, for about 130 MB more at the step's peak.
"""

import gc
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState


class Migrator:
    def __init__(self):
        self.executor = MigrationExecutor(connection)

    def migrate(self, targets):
        """Migrate the database to `targets` (a list of (app, migration), as `manage.py migrate app
        migration` takes them) and answer the project state there (its `apps` are the historical
        models)."""
        executor, loader = self.executor, self.executor.loader
        # The loader read the applied migrations when it was built; the plan needs them as the
        # database has them now, after the previous step.
        loader.build_graph()
        plan = executor.migration_plan(targets)
        with _collecting_once():
            if plan and all(backwards for _, backwards in plan):
                self._unapply(plan)
            else:
                executor.migrate(targets, plan=plan)
        return loader.project_state(targets)

    def migrate_to_the_end(self):
        """Apply every migration again, for the tests after this one."""
        self.executor.loader.build_graph()
        with _collecting_once():
            self.executor.migrate(self.executor.loader.graph.leaf_nodes())

    def _unapply(self, plan):
        executor, loader = self.executor, self.executor.loader
        executor.recorder.ensure_schema()
        unapplying = {migration for migration, _ in plan}
        applied = {loader.graph.nodes[key] for key in loader.applied_migrations if key in loader.graph.nodes}
        before = {}
        state = ProjectState(real_apps=loader.unmigrated_apps)
        for migration, _ in executor.migration_plan(loader.graph.leaf_nodes(), clean_start=True):
            if migration in unapplying:
                before[migration] = state
                state = migration.mutate_state(state, preserve=True)
            elif migration in applied:
                migration.mutate_state(state, preserve=False)
        for migration, _ in plan:
            before[migration].apps  # rendered once here; unapplying re-renders only what each operation changes
            executor.unapply_migration(before.pop(migration), migration)
        executor.check_replacements()


@contextmanager
def _collecting_once():
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()  # the objects frozen above are left out: only what the step made is walked
        gc.unfreeze()
        if enabled:
            gc.enable()
