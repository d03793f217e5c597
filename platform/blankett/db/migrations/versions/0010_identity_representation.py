"""sealed personal identity numbers; the party a case was filed for

``persons.number_*``: the personal identity (or coordination) number sealed under its own data
key (blankett.security.crypto), replacing the plain ``persons.personal_number``, which stays
only until the platform has sealed what is in it (blankett.cases.people) and then holds NULL.

``cases.representation``: on whose behalf the case was filed (an organisation or a child), and
on what evidence, without the represented person's identity (that is sealed in the submitter).
``cases.represented_key``: keyed blind index of the represented organisation, so the
organisation's representatives find its cases without the number being indexed.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persons") as batch:
        batch.add_column(sa.Column("number_sealed", sa.Text(), nullable=True))
        batch.add_column(sa.Column("number_key_id", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("number_wrapped_key", sa.String(length=120), nullable=True))
        batch.create_index("ix_persons_number_key_id", ["number_key_id"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("representation", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("represented_key", sa.String(length=64), nullable=True))
        batch.create_index("ix_cases_represented_key", ["represented_key"])


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_represented_key")
        batch.drop_column("represented_key")
        batch.drop_column("representation")
    with op.batch_alter_table("persons") as batch:
        batch.drop_index("ix_persons_number_key_id")
        batch.drop_column("number_wrapped_key")
        batch.drop_column("number_key_id")
        batch.drop_column("number_sealed")
