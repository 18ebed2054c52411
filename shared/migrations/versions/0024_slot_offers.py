"""slot offers: a manager offers times, each report picks one (issue 20, "let reports pick")

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

from shared.models.base import UTCDateTime

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'slot_offers',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('manager_id', sa.Integer(), sa.ForeignKey('people.id', name='fk_slot_offers_manager_id_people'),
                  nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('withdrawn_at', UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_slot_offers'),
    )
    op.create_index('ix_slot_offers_manager_id', 'slot_offers', ['manager_id'])
    op.create_table(
        'offered_slots',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('offer_id', sa.Integer(),
                  sa.ForeignKey('slot_offers.id', name='fk_offered_slots_offer_id_slot_offers'), nullable=False),
        sa.Column('starts_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('minutes', sa.Integer(), nullable=False),
        sa.Column('location', sa.String(300), nullable=False),
        sa.Column('taken_by_pop_id', sa.Integer(),
                  sa.ForeignKey('pops.id', name='fk_offered_slots_taken_by_pop_id_pops'), nullable=True),
        sa.Column('taken_at', UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name='pk_offered_slots'),
        # The rule of first come, first served lives here: a POP holds one time at most.
        sa.UniqueConstraint('taken_by_pop_id', name='uq_offered_slots_taken_by_pop_id'),
    )
    op.create_index('ix_offered_slots_offer_id', 'offered_slots', ['offer_id'])
    op.create_table(
        'slot_offer_invitees',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('offer_id', sa.Integer(),
                  sa.ForeignKey('slot_offers.id', name='fk_slot_offer_invitees_offer_id_slot_offers'), nullable=False),
        sa.Column('pop_id', sa.Integer(), sa.ForeignKey('pops.id', name='fk_slot_offer_invitees_pop_id_pops'),
                  nullable=False),
        sa.Column('invited_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('reminders_sent', sa.Integer(), nullable=False, server_default='0'),
        sa.PrimaryKeyConstraint('id', name='pk_slot_offer_invitees'),
        sa.UniqueConstraint('offer_id', 'pop_id', name='uq_slot_offer_invitees_offer_id'),
    )
    op.create_index('ix_slot_offer_invitees_offer_id', 'slot_offer_invitees', ['offer_id'])
    op.create_index('ix_slot_offer_invitees_pop_id', 'slot_offer_invitees', ['pop_id'])


def downgrade() -> None:
    op.drop_table('slot_offer_invitees')
    op.drop_table('offered_slots')
    op.drop_table('slot_offers')
