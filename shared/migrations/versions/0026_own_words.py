"""HR's own words (issue 21): a round without the conversation-type ratings, its own texts of
the four types, and the opening paragraph of each kind of mail

Revision ID: 0026
Revises: 0025
"""
import sqlalchemy as sa
from alembic import op

from shared.models.base import UTCDateTime

revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


# Not in a batch: SQLite adds and drops a column in place (3.35+); a batch would copy rounds,
# whose DROP TABLE the foreign keys of pops refuse.
def upgrade() -> None:
    op.add_column('rounds', sa.Column('conversation_types', sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column('rounds', sa.Column('conversation_type_texts', sa.JSON(), nullable=False, server_default='{}'))
    op.create_table(
        'mail_openings',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('kind', sa.String(40), nullable=False),
        sa.Column('audience', sa.String(10), nullable=False),
        sa.Column('language', sa.String(2), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_by', sa.String(60), nullable=False),
        sa.PrimaryKeyConstraint('id', name='pk_mail_openings'),
        sa.UniqueConstraint('kind', 'audience', 'language', name='uq_mail_openings_kind'),
    )


def downgrade() -> None:
    op.drop_table('mail_openings')
    op.drop_column('rounds', 'conversation_type_texts')
    op.drop_column('rounds', 'conversation_types')
