"""message raw bytes in their own table: the updates of a message row never rewrite its bytes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:00:00.000000
"""
import sqlite3

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
    # Every stored message keeps its bytes (NULL stays NULL), then the column goes with ALTER TABLE ...
    # DROP COLUMN (SQLite 3.35+; batch mode would recreate the message table, which message_raw's
    # foreign key forbids). This copies the stored mail once: on SQLite the file needs free disk of
    # about three times the mail while it runs (DROP COLUMN rewrites the rows), and VACUUM gives the
    # space back afterwards; on PostgreSQL the old column's space comes back with VACUUM FULL message.
    if op.get_bind().dialect.name == 'sqlite' and sqlite3.sqlite_version_info < (3, 35, 0):
        raise RuntimeError(f'this upgrade needs SQLite 3.35 or newer (this Python has {sqlite3.sqlite_version}); '
                           'nothing was changed')
    op.execute('INSERT INTO message_raw (message_pk, raw) SELECT id, raw FROM message')
    op.drop_column('message', 'raw')


def downgrade() -> None:
    op.add_column('message', sa.Column('raw', sa.LargeBinary(), nullable=True))
    op.execute('UPDATE message SET raw = (SELECT message_raw.raw FROM message_raw '
               'WHERE message_raw.message_pk = message.id)')
    op.drop_table('message_raw')
