"""plan_verifications, issued_plan_pdfs: check a signed plan PDF without seeing its content

A random code per signed version of a plan (for the public page /verify/<code>) and the
SHA-256 of every PDF of it that popflow issued (for `popflow plan verify FILE.pdf`).

Revision ID: 0028
Revises: 0027
"""
import sqlalchemy as sa
from alembic import op

import shared.models.base

revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_verifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('pop_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('signed_at', shared.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_at', shared.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['pop_id'], ['pops.id'], name=op.f('fk_plan_verifications_pop_id_pops')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_verifications')),
    sa.UniqueConstraint('code', name=op.f('uq_plan_verifications_code')),
    sa.UniqueConstraint('pop_id', 'content_hash', name=op.f('uq_plan_verifications_pop_id'))
    )
    op.create_table('issued_plan_pdfs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('verification_id', sa.Integer(), nullable=False),
    sa.Column('created_at', shared.models.base.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(
        ['verification_id'], ['plan_verifications.id'],
        name=op.f('fk_issued_plan_pdfs_verification_id_plan_verifications'),
    ),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_issued_plan_pdfs'))
    )
    with op.batch_alter_table('issued_plan_pdfs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_plan_pdfs_verification_id'), ['verification_id'], unique=False)


def downgrade() -> None:
    op.drop_table('issued_plan_pdfs')
    op.drop_table('plan_verifications')
