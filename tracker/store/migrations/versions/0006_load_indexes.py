"""Indexes no question uses, dropped: each one was work for every row a load inserts.

Two repeat the first column of a unique index that stays (statements.id in
uq_statements_id_text, decisions.statement_key in
uq_decisions_statement_decision; followups.decision_key and followups.status
in the pair indexes of 0003). The others serve no query:
- actors, chairs and people are matched as substrings of their keys
  (LIKE '%...%', which no B-tree helps);
- a statement's date is its meeting's date, else its publication date, always
  asked as that coalesce (queries.DECIDED_ON, link_index.statement_date), which
  neither column's index serves;
- figures are never asked by unit, nor the deadlines table by date (the
  overdue walk uses decisions.deadline_date);
- entities are looked up by name only in the follow-up linker's organisation
  query, which asks for the name key OR the lower-cased text OR acronym
  (link_index.load_organisations): no one index serves that, so SQLite and
  PostgreSQL scan the entities either way;
- entities.label and decisions.kind hold three values each: an index SQLite's
  planner (without ANALYZE) would take for a selective one and drive queries
  from (see 0003 on statements.is_current).
Together they were a third of the inserts' time in a 50,000-record load
(entities alone: 600,000 entries in each of two indexes).

Revision ID: 0006
Revises: 0005
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

DROPPED = {  # table -> (index, columns)
    'statements': (('ix_statements_id', ['id']), ('ix_statements_published', ['published'])),
    'meetings': (('ix_meetings_chair_key', ['chair_key']), ('ix_meetings_date', ['date'])),
    'decisions': (('ix_decisions_statement_key', ['statement_key']), ('ix_decisions_kind', ['kind']),
                  ('ix_decisions_actor_key', ['actor_key'])),
    'deadlines': (('ix_deadlines_date', ['date']),),
    'figures': (('ix_figures_unit', ['unit']),),
    'entities': (('ix_entities_label', ['label']), ('ix_entities_name_key', ['name_key'])),
    'people': (('ix_people_name_key', ['name_key']),),
    'followups': (('ix_followups_decision_key', ['decision_key']), ('ix_followups_status', ['status'])),
}


def upgrade() -> None:
    for table, indexes in DROPPED.items():
        for name, _ in indexes:
            op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, indexes in DROPPED.items():
        for name, columns in indexes:
            op.create_index(name, table, columns, unique=False)
