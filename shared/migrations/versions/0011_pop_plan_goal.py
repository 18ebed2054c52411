"""the plan's goal: the desired development above the agreements, signed with them

001 describes a POP as the employee's career perspective and how to get there, and starts
with describing the desired development; 004 asks for the overarching development goal.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('pops') as batch:
        batch.add_column(sa.Column('plan_goal', sa.Text(), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('pops') as batch:
        batch.drop_column('plan_goal')
