"""Migrating the test database back to the state before a data migration and forward again, for
the tests of data migrations, at the cost of the migrations that must be unapplied and no more.

Django's executor, migrating backwards, computes the project state before each migration it
unapplies by walking its whole forwards plan from the first migration to unapply to the last, and
from the first one on the state is rendered: every applied migration of another app that the plan
happens to put in between (about 160 of them for organisations 0007) re-renders the models it
touches, though it stays applied. That walk was two thirds of a consent-migration test's time.
Here the walk is given a forwards plan with the migrations that stay applied first (still a valid
order: none of them depends on one that is unapplied, or it would be unapplied too), so the state
is rendered once, just before the first migration to unapply, and only those are walked after it.
The migrations that run, backwards and forwards, are exactly the ones `migrate` would run.
"""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Migrator:
    def __init__(self):
        self.executor = MigrationExecutor(connection)

    def migrate(self, targets):
        """Migrate the database to `targets` (as `manage.py migrate app migration` does, a list of
        (app, migration) or all the leaf nodes) and answer the project state there (its `apps` are the historical models)."""
        executor = self.executor
        # The loader read the applied migrations when it was built; the plan needs them as the
        # database has them now, after the previous step.
        executor.loader.build_graph()
        plan = executor.migration_plan(targets)
        if plan and all(backwards for _, backwards in plan):
            executor.recorder.ensure_schema()
            unapplied = {migration for migration, _ in plan}
            full_plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
            staying = [step for step in full_plan if step[0] not in unapplied]
            executor._migrate_all_backwards(plan, staying + [step for step in full_plan if step[0] in unapplied], fake=False)
        else:
            executor.migrate(targets, plan=plan)
        return executor.loader.project_state(targets)

    def migrate_to_the_end(self):
        """Apply every migration again, for the tests after this one."""
        self.executor.loader.build_graph()
        self.executor.migrate(self.executor.loader.graph.leaf_nodes())
