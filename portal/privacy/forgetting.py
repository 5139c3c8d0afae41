"""Overwritten and deleted rows leave no old copy in the database's files where the portal promises
they are gone: an answer mixed into its day's batch (surveys.services.response_submit), a person
erased (portal.privacy.erasure).

PostgreSQL: a `pg_dump`, and a backup restored from one, holds live rows only. Dead row versions
stay in the table's pages until (auto)vacuum, readable only by a superuser on the live server
(docs/operations.md, "Anonymity: the threat model").

SQLite, the embedded default, keeps old versions where a copy of its files finds them: deleted
cells in the free space of pages, and in the write-ahead log (`-wal`), which holds every version of
every page written since the last checkpoint, in the order of writing (so a copy of the log told
which link was claimed just before which answer arrived). `PRAGMA secure_delete` (settings:
init_command) zeroes deleted content; `database_forget_overwritten()` copies the log into the file
and truncates it to nothing.
"""

import logging

from django.db import DatabaseError, connections, transaction

logger = logging.getLogger("portal.privacy.forgetting")

# How long a request waits for other connections' readers before it leaves the log to the next
# caller (the job worker's heartbeat tries every 15 s, waiting longer).
REQUEST_WAIT_MS = 200


def database_forget_overwritten(*, using="default", wait_ms=REQUEST_WAIT_MS):
    """After the caller's transaction commits: on SQLite, checkpoint the write-ahead log into the
    database file and truncate it. Returns nothing; a checkpoint that other connections' readers
    block is logged and left to the next call."""
    transaction.on_commit(lambda: _truncate_log(using, wait_ms), using=using)


def _truncate_log(using, wait_ms):
    connection = connections[using]
    if connection.vendor != "sqlite":
        return True
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            previous = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
            try:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                blocked = cursor.fetchone()[0]
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")
    except DatabaseError:  # the answer or the erasure is stored: this must never undo or fail it
        blocked = True
    if blocked:
        logger.info("the write-ahead log could not be truncated now (readers busy); the next call will")
    return not blocked
