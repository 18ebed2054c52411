"""agenda points (004 step 1)

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

import shared.models.base


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'agenda_points',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pop_id', sa.Integer(), nullable=False),
        sa.Column('author_role', sa.String(length=10), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('priority', sa.Integer(), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=True),
        sa.Column('joint', sa.Boolean(), nullable=False),
        sa.Column('updated_at', shared.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['pop_id'], ['pops.id'], name=op.f('fk_agenda_points_pop_id_pops')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_points')),
    )
    with op.batch_alter_table('agenda_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_points_pop_id'), ['pop_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agenda_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_points_pop_id'))
    op.drop_table('agenda_points')
