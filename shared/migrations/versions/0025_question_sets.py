"""question sets HR stores: sets, their versions (draft or published), department defaults (issue 21)

Revision ID: 0025
Revises: 0024
"""
import sqlalchemy as sa
from alembic import op

from shared.models.base import UTCDateTime

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'question_sets',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('name', sa.String(200), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(40), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('id', name='pk_question_sets'),
    )
    op.create_table(
        'question_set_versions',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('set_id', sa.Integer(),
                  sa.ForeignKey('question_sets.id', name='fk_question_set_versions_set_id_question_sets'),
                  nullable=False),
        sa.Column('key', sa.String(20), nullable=True),
        sa.Column('number', sa.Integer(), nullable=True),
        sa.Column('content', sa.JSON(), nullable=False),
        sa.Column('copied_from', sa.String(20), nullable=False, server_default=''),
        sa.Column('revision', sa.Integer(), nullable=False, server_default='1'),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(40), nullable=False, server_default=''),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(40), nullable=False, server_default=''),
        sa.Column('published_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('published_by', sa.String(40), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('id', name='pk_question_set_versions'),
        # A key names one content forever; drafts have none (NULLs do not collide).
        sa.UniqueConstraint('key', name='uq_question_set_versions_key'),
        sa.UniqueConstraint('number', name='uq_question_set_versions_number'),
    )
    op.create_index('ix_question_set_versions_set_id', 'question_set_versions', ['set_id'])
    op.create_table(
        'department_question_sets',
        sa.Column('department', sa.String(200), nullable=False),
        sa.Column('version', sa.String(20), nullable=False),
        sa.Column('set_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('set_by', sa.String(40), nullable=False, server_default=''),
        sa.PrimaryKeyConstraint('department', name='pk_department_question_sets'),
    )


def downgrade() -> None:
    op.drop_table('department_question_sets')
    op.drop_table('question_set_versions')
    op.drop_table('question_sets')
