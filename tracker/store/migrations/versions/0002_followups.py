"""Follow-up links between decisions and later statements; full-text search over decisions.

The search index is the one each server does best: an FTS5 table kept in step
by triggers on SQLite, a generated tsvector column with a GIN index on
PostgreSQL. Neither is in tracker.store.schema's models; tracker.store.queries
reaches them by name.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE decisions_fts USING fts5(text, actor, content='decisions', content_rowid='key', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER decisions_fts_insert AFTER INSERT ON decisions BEGIN "
    "INSERT INTO decisions_fts(rowid, text, actor) VALUES (new.key, new.text, new.actor); END",
    "CREATE TRIGGER decisions_fts_delete AFTER DELETE ON decisions BEGIN "
    "INSERT INTO decisions_fts(decisions_fts, rowid, text, actor) VALUES ('delete', old.key, old.text, old.actor); END",
    "CREATE TRIGGER decisions_fts_update AFTER UPDATE ON decisions BEGIN "
    "INSERT INTO decisions_fts(decisions_fts, rowid, text, actor) VALUES ('delete', old.key, old.text, old.actor); "
    "INSERT INTO decisions_fts(rowid, text, actor) VALUES (new.key, new.text, new.actor); END",
    "INSERT INTO decisions_fts(decisions_fts) VALUES ('rebuild')",
]
POSTGRESQL_SEARCH = [
    "ALTER TABLE decisions ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(text, '') || ' ' || coalesce(actor, ''))) STORED",
    "CREATE INDEX ix_decisions_search ON decisions USING GIN (search)",
]


def upgrade() -> None:
    op.create_table('followups',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('decision_key', sa.Integer(), nullable=False),
    sa.Column('later_statement_key', sa.Integer(), nullable=False),
    sa.Column('later_decision_key', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('evidence_text', sa.Text(), nullable=False),
    sa.Column('evidence_start', sa.Integer(), nullable=True),
    sa.Column('evidence_end', sa.Integer(), nullable=True),
    sa.Column('new_deadline', sa.Date(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['decision_key'], ['decisions.key'], name=op.f('fk_followups_decision_key_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['later_decision_key'], ['decisions.key'], name=op.f('fk_followups_later_decision_key_decisions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['later_statement_key'], ['statements.key'], name=op.f('fk_followups_later_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_followups')),
    sa.UniqueConstraint('decision_key', 'later_statement_key', name='uq_followups_decision_later')
    )
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followups_decision_key'), ['decision_key'], unique=False)
        batch_op.create_index('ix_followups_later_statement_key', ['later_statement_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_followups_status'), ['status'], unique=False)
    for statement in search_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER decisions_fts_{name}")
        op.execute("DROP TABLE decisions_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_decisions_search")
        op.execute("ALTER TABLE decisions DROP COLUMN search")
    with op.batch_alter_table('followups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followups_status'))
        batch_op.drop_index('ix_followups_later_statement_key')
        batch_op.drop_index(batch_op.f('ix_followups_decision_key'))
    op.drop_table('followups')


def search_statements() -> list[str]:
    """The full-text index for this server; other servers search with LIKE (tracker.store.queries)."""
    return {"sqlite": SQLITE_SEARCH, "postgresql": POSTGRESQL_SEARCH}.get(op.get_bind().dialect.name, [])
