"""Indexes for the tracker's queries: extensions by new deadline; no index on statements.is_current.

`track overdue` walks the decisions' own deadlines and, for the extended
ones, the extensions' new deadlines, each from the oldest day, stopping at a
page (tracker.store.queries.overdue_query): ix_followups_status_new_deadline.
For each decision met on the way it asks for follow-ups of one status
(done or dropped; the latest extension): ix_followups_decision_key_status,
which SQLite's planner, with two equalities to match, prefers to the walk's
own index (without it, 50,000 statements took 0.9 s instead of 24 ms).

statements.is_current: nearly every statement is current, so its index selects almost nothing, yet
SQLite's planner (without ANALYZE statistics, as after any load) takes an
equality index as selective and drives every query from it: all current
statements first, then their decisions. A full-text search over 5,000
statements took 0.9 s that way and 6 ms from the search's own matches.
Queries reach statements by key from the selective side (search matches,
deadline dates, names) and check is_current on the row.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index('ix_statements_is_current')
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.create_index('ix_followups_status_new_deadline', ['status', 'new_deadline'], unique=False)
        batch_op.create_index('ix_followups_decision_key_status', ['decision_key', 'status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_index('ix_followups_decision_key_status')
        batch_op.drop_index('ix_followups_status_new_deadline')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index('ix_statements_is_current', ['is_current'], unique=False)
