"""outbox rows for later records of a case

``outbox.event_id`` names the timeline event (the citizen's message, completion answer or
withdrawal) a row delivers onward to a receiver that takes records; NULL for the case as filed.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("event_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_outbox_event_id_case_events", "case_events", ["event_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_outbox_event_id", ["event_id"])


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index("ix_outbox_event_id")
        batch.drop_constraint("fk_outbox_event_id_case_events", type_="foreignkey")
        batch.drop_column("event_id")
