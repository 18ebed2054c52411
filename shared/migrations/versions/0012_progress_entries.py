"""progress per moment: every status and note recorded, by whom and when

000 asks to discuss the progress at several moments; an agreement's own columns keep only
the latest, so the notes of earlier reviews, and the other side's, were overwritten.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

import shared.models.base

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'progress_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('pop_id', sa.Integer(), nullable=False),
        sa.Column('agreement_id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('recorded_at', shared.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['agreement_id'], ['agreements.id'],
                                name=op.f('fk_progress_entries_agreement_id_agreements')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_progress_entries_person_id_people')),
        sa.ForeignKeyConstraint(['pop_id'], ['pops.id'], name=op.f('fk_progress_entries_pop_id_pops')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_entries')),
    )
    with op.batch_alter_table('progress_entries') as batch:
        batch.create_index(batch.f('ix_progress_entries_pop_id'), ['pop_id'], unique=False)
        batch.create_index(batch.f('ix_progress_entries_agreement_id'), ['agreement_id'], unique=False)


def downgrade() -> None:
    op.drop_table('progress_entries')
