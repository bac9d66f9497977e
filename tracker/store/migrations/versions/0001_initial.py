"""Statements, meetings, decisions and what they point at (the record's tables).

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('statements',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('id', sa.String(length=1000), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('schema_version', sa.String(length=20), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('record', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_statements')),
    sa.UniqueConstraint('id', 'text_sha256', name='uq_statements_id_text'),
    sa.UniqueConstraint('id', 'version', name='uq_statements_id_version')
    )
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statements_id'), ['id'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_is_current'), ['is_current'], unique=False)
        batch_op.create_index(batch_op.f('ix_statements_published'), ['published'], unique=False)

    op.create_table('deadlines',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('decision_id', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_deadlines_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_deadlines'))
    )
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadlines_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_statement_key'), ['statement_key'], unique=False)

    op.create_table('decisions',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('trigger', sa.Text(), nullable=False),
    sa.Column('actor', sa.Text(), nullable=True),
    sa.Column('actor_key', sa.String(length=500), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('sentence_end', sa.Integer(), nullable=False),
    sa.Column('deadline_text', sa.Text(), nullable=True),
    sa.Column('deadline_start', sa.Integer(), nullable=True),
    sa.Column('deadline_end', sa.Integer(), nullable=True),
    sa.Column('deadline_date', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_decisions_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_decisions')),
    sa.UniqueConstraint('statement_key', 'decision_id', name='uq_decisions_statement_decision')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_actor_key'), ['actor_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_deadline_date'), ['deadline_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_statement_key'), ['statement_key'], unique=False)

    op.create_table('entities',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=10), nullable=False),
    sa.Column('canonical', sa.Text(), nullable=True),
    sa.Column('acronym', sa.String(length=100), nullable=True),
    sa.Column('name_key', sa.String(length=500), nullable=False),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_entities_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_entities'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_label'), ['label'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_statement_key'), ['statement_key'], unique=False)

    op.create_table('figures',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_figures_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_figures'))
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figures_statement_key'), ['statement_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_figures_unit'), ['unit'], unique=False)

    op.create_table('meetings',
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('body_key', sa.String(length=500), nullable=True),
    sa.Column('chair', sa.Text(), nullable=True),
    sa.Column('chair_key', sa.String(length=500), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_meetings_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_key', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_body_key'), ['body_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_chair_key'), ['chair_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_date'), ['date'], unique=False)

    op.create_table('people',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('name_key', sa.String(length=500), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_people_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_people'))
    )
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_name_key'), ['name_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_statement_key'), ['statement_key'], unique=False)

    op.create_table('targets',
    sa.Column('key', sa.Integer(), nullable=False),
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_targets_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_targets'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_statement_key'), ['statement_key'], unique=False)

    op.create_table('responsibilities',
    sa.Column('decision_key', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('party', sa.Text(), nullable=False),
    sa.Column('party_key', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['decision_key'], ['decisions.key'], name=op.f('fk_responsibilities_decision_key_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('decision_key', 'position', name=op.f('pk_responsibilities'))
    )
    with op.batch_alter_table('responsibilities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_responsibilities_party_key'), ['party_key'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('responsibilities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_responsibilities_party_key'))

    op.drop_table('responsibilities')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_statement_key'))

    op.drop_table('targets')
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_statement_key'))
        batch_op.drop_index(batch_op.f('ix_people_name_key'))

    op.drop_table('people')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_date'))
        batch_op.drop_index(batch_op.f('ix_meetings_chair_key'))
        batch_op.drop_index(batch_op.f('ix_meetings_body_key'))

    op.drop_table('meetings')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figures_unit'))
        batch_op.drop_index(batch_op.f('ix_figures_statement_key'))

    op.drop_table('figures')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_statement_key'))
        batch_op.drop_index(batch_op.f('ix_entities_name_key'))
        batch_op.drop_index(batch_op.f('ix_entities_label'))

    op.drop_table('entities')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_statement_key'))
        batch_op.drop_index(batch_op.f('ix_decisions_kind'))
        batch_op.drop_index(batch_op.f('ix_decisions_deadline_date'))
        batch_op.drop_index(batch_op.f('ix_decisions_actor_key'))

    op.drop_table('decisions')
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadlines_statement_key'))
        batch_op.drop_index(batch_op.f('ix_deadlines_date'))

    op.drop_table('deadlines')
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statements_published'))
        batch_op.drop_index(batch_op.f('ix_statements_is_current'))
        batch_op.drop_index(batch_op.f('ix_statements_id'))

    op.drop_table('statements')
