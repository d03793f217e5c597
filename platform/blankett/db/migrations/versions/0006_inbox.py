"""built-in inbox: staff roles, case assignment

``staff_roles`` keeps the roles each member of staff held at their latest login, so colleagues
can be listed and cases assigned to them; ``cases.assigned_to`` is the assignee.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_roles",
        sa.Column("person_id", sa.String(36), sa.ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("role", sa.String(120), primary_key=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("assigned_to", sa.String(36), nullable=True))
        batch.create_foreign_key(
            "fk_cases_assigned_to_persons", "persons", ["assigned_to"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_cases_assigned_to", ["assigned_to"])


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_assigned_to")
        batch.drop_constraint("fk_cases_assigned_to_persons", type_="foreignkey")
        batch.drop_column("assigned_to")
    op.drop_table("staff_roles")
