"""deadlines: the statutory deadline kept apart from the agency's estimate; the stopped clock

Revision ID: 0004d
Revises: 0003
Create Date: 2026-12-01 13:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004d'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('clock_stopped_since', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('estimated_completion', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('estimated_completion_explanation', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('request', schema=None) as batch_op:
        batch_op.drop_column('estimated_completion_explanation')
        batch_op.drop_column('estimated_completion')
        batch_op.drop_column('clock_stopped_since')
