"""service health: the last poll, success and login error per mailbox

Revision ID: 0005
Revises: 0004g
Create Date: 2026-12-01 13:00:00.000000
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


revision = '0005'
down_revision = '0004g'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'service_health',
        sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('poll_interval_seconds', sa.Integer(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('login_refused', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('source'),
    )


def downgrade() -> None:
    op.drop_table('service_health')
