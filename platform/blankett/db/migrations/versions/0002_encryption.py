"""encryption at rest and retention purge

Cases and drafts get the three columns of envelope encryption (``sealed``, ``key_id``,
``wrapped_key``; see blankett.security.crypto), and cases ``purged_at``. Existing rows stay
plaintext: they are read as they are, and new rows of classified services are sealed.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_SEALED_TABLES = ("cases", "drafts")


def upgrade() -> None:
    for table in _SEALED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("sealed", sa.Text(), nullable=True))
            batch_op.add_column(sa.Column("key_id", sa.String(length=40), nullable=True))
            batch_op.add_column(sa.Column("wrapped_key", sa.String(length=120), nullable=True))
            batch_op.create_index(batch_op.f(f"ix_{table}_key_id"), ["key_id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("purged_at")
    for table in _SEALED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_key_id"))
            batch_op.drop_column("wrapped_key")
            batch_op.drop_column("key_id")
            batch_op.drop_column("sealed")
