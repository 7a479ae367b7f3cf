"""Rows read afresh inside the write transaction, locked until it commits.

A rule checked before the transaction opens can be broken by a concurrent request before
the write (two posts both under a cap, a card landing on a board closed meanwhile). Every
rule that guards a write reads what it checks through `fresh` inside the transaction:

- PostgreSQL: `SELECT ... FOR UPDATE` (or `FOR SHARE`): a concurrent writer of the same row
  waits for the commit, and what is read is the latest committed row;
- SQLite: the transaction already holds the database's write lock (`BEGIN IMMEDIATE` in
  `db.transaction`), so every writer is serialised and a plain read is fresh.

Lock order, to never deadlock: workshop, then activity or group, then participant.
"""

from sqlalchemy import select
from sqlalchemy.orm import Session


def fresh(s: Session, model, row_id, *, share: bool = False):
    """Return the row `row_id` of `model` as committed now, locked for this transaction
    (`share`: against writers only); None if it is gone. The session's copy is refreshed."""
    query = (
        select(model)
        .where(model.id == row_id)
        .with_for_update(read=share)
        .execution_options(populate_existing=True)
    )
    return s.scalars(query).one_or_none()
