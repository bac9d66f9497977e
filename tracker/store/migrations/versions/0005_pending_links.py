"""Follow-up linking as a pass after the load: the statements loaded but not linked yet.

A load writes its statements batch by batch, each with a row here, then links
all of them in one pass over the store (tracker.store.followups.link_pending)
instead of linking inside every batch: the same links, read in bulk once. The
rows go when their links are written, so a load killed before its pass leaves
them for the next load (even one that adds nothing) to link.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_links',
    sa.Column('statement_key', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['statement_key'], ['statements.key'], name=op.f('fk_pending_links_statement_key_statements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statement_key', name=op.f('pk_pending_links'))
    )


def downgrade() -> None:
    op.drop_table('pending_links')
