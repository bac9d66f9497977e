"""SQLite: new decisions enter the full-text index in one statement per load batch, not by a trigger per row.

FTS5 fed row by row from an AFTER INSERT trigger cost three quarters of a
load's time; tracker.store.load now indexes each batch's decisions with one
INSERT ... SELECT inside the batch's transaction (see `index_for_search`).
The delete and update triggers stay. PostgreSQL's generated tsvector column
is unchanged.

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

SQLITE_INSERT_TRIGGER = (
    "CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN "
    "INSERT INTO decisions_fts(rowid, text, actor) VALUES (new.key, new.text, new.actor); END")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER decisions_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(SQLITE_INSERT_TRIGGER)
        op.execute("INSERT INTO decisions_fts(decisions_fts) VALUES ('rebuild')")
