"""message raw bytes in their own table: the updates of a message row never rewrite its bytes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'message_raw',
        sa.Column('message_pk', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('raw', sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(['message_pk'], ['message.id']),
        sa.PrimaryKeyConstraint('message_pk'),
    )
    # Every stored message keeps its bytes (NULL stays NULL), then the column goes. ALTER TABLE ...
    # DROP COLUMN in place (SQLite 3.35+ and PostgreSQL): the message table is not copied.
    op.execute('INSERT INTO message_raw (message_pk, raw) SELECT id, raw FROM message')
    op.drop_column('message', 'raw')


def downgrade() -> None:
    op.add_column('message', sa.Column('raw', sa.LargeBinary(), nullable=True))
    op.execute('UPDATE message SET raw = (SELECT message_raw.raw FROM message_raw '
               'WHERE message_raw.message_pk = message.id)')
    op.drop_table('message_raw')
