"""uploads: files a person attaches to a form, held by the platform

The answers hold only a reference to an upload (id, name, media type, size, SHA-256). An upload
belongs to its owner (a person, or an anonymous session, as drafts do) until the case is filed;
filing sets ``case_id``. Sealed at confidentiality >= 1: under the upload's own data key
(``key_id``, ``wrapped_key``) while it belongs to a draft, under the case's data key once filed.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "uploads",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner_key", sa.String(length=80), nullable=False),
        sa.Column("service_id", sa.String(length=100), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.Boolean(), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=True),
        sa.Column("wrapped_key", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploads_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_uploads_key_id"), ["key_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_uploads_owner_key"), ["owner_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploads_owner_key"))
        batch_op.drop_index(batch_op.f("ix_uploads_key_id"))
        batch_op.drop_index(batch_op.f("ix_uploads_case_id"))
    op.drop_table("uploads")
