"""The invariants of issue 8, read from the database itself after a fault.

1. No participant holds more dots than the budget, more than the per-item maximum, or
   two orientations at one rank (nor one orientation at two ranks).
2. Every tally shown equals a recount of the stored ballots (`recount`).
3. Every acknowledged action is stored exactly once and nothing is half-stored
   (`integrity`, and `unkeyed_dots`: a dot and its idempotency key are written together).
"""

from collections import Counter

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

BUDGET_QUERIES = {
    "more dots than the budget": (
        "SELECT d.activity_id, d.participant_id, COUNT(*) FROM vote_dots d "
        "JOIN votes v ON v.activity_id = d.activity_id "
        "GROUP BY d.activity_id, d.participant_id, v.budget HAVING COUNT(*) > v.budget"
    ),
    "more dots on one orientation than the maximum": (
        "SELECT d.activity_id, d.participant_id, d.candidate_id, COUNT(*) FROM vote_dots d "
        "JOIN votes v ON v.activity_id = d.activity_id "
        "GROUP BY d.activity_id, d.participant_id, d.candidate_id, v.max_per_candidate "
        "HAVING COUNT(*) > v.max_per_candidate"
    ),
    "two orientations at one rank": (
        "SELECT activity_id, participant_id, rank, COUNT(*) FROM vote_ranks "
        "GROUP BY activity_id, participant_id, rank HAVING COUNT(*) > 1"
    ),
    "one orientation at two ranks": (
        "SELECT activity_id, participant_id, candidate_id, COUNT(*) FROM vote_ranks "
        "GROUP BY activity_id, participant_id, candidate_id HAVING COUNT(*) > 1"
    ),
    "more ranks than places": (
        "SELECT r.activity_id, r.participant_id, COUNT(*) FROM vote_ranks r "
        "JOIN votes v ON v.activity_id = r.activity_id "
        "GROUP BY r.activity_id, r.participant_id, v.budget HAVING COUNT(*) > v.budget"
    ),
}


def engine_for(url: str) -> Engine:
    """An engine reading the app's database directly (SQLite file or PostgreSQL URL)."""
    if url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+psycopg://", 1)
    return create_engine(url)


def read(url: str, sql: str, **params) -> list[tuple]:
    engine = engine_for(url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def budget_violations(url: str) -> dict[str, list[tuple]]:
    """Invariant 1 over every vote of the database: {what: offending rows}; empty when it holds."""
    found = {name: read(url, sql) for name, sql in BUDGET_QUERIES.items()}
    return {name: rows for name, rows in found.items() if rows}


def recount(url: str, activity_id: int) -> dict[str, int]:
    """The stored dots per candidate (every candidate, zeros included), as strings of ids."""
    rows = read(
        url,
        "SELECT c.id, COUNT(d.id) FROM vote_candidates c "
        "LEFT JOIN vote_dots d ON d.candidate_id = c.id AND d.activity_id = c.activity_id "
        "WHERE c.activity_id = :a GROUP BY c.id",
        a=activity_id,
    )
    return {str(cid): count for cid, count in rows}


def dots_by_person(url: str, activity_id: int) -> dict[str, Counter]:
    """{participant first name: Counter(candidate id -> dots)} for one vote."""
    rows = read(
        url,
        "SELECT p.first_name, d.candidate_id, COUNT(*) FROM vote_dots d "
        "JOIN participants p ON p.id = d.participant_id WHERE d.activity_id = :a "
        "GROUP BY p.first_name, d.candidate_id",
        a=activity_id,
    )
    found: dict[str, Counter] = {}
    for name, candidate, count in rows:
        found.setdefault(name, Counter())[str(candidate)] += count
    return found


def unkeyed_dots(url: str, activity_id: int) -> list[tuple]:
    """Participants whose dots outnumber their stored idempotency keys.

    Every dot of these tests is cast with a key, stored in the dot's transaction: a dot
    without its key would be half of an action."""
    return read(
        url,
        "SELECT d.participant_id, COUNT(DISTINCT d.id), "
        "(SELECT COUNT(*) FROM idempotency_keys k WHERE k.participant_id = d.participant_id) "
        "FROM vote_dots d WHERE d.activity_id = :a GROUP BY d.participant_id "
        "HAVING COUNT(DISTINCT d.id) <> "
        "(SELECT COUNT(*) FROM idempotency_keys k WHERE k.participant_id = d.participant_id)",
        a=activity_id,
    )


def nonzero(tally: dict | None) -> dict[str, int]:
    return {str(k): v for k, v in (tally or {}).items() if v}


def exported_tally(raw: dict, activity_id: int) -> dict[str, int]:
    """The scores a JSON export holds for one vote."""
    for activity in raw["agenda"]:
        if activity["id"] == activity_id:
            rows = activity["vote"]["result"]["rows"]
            return {str(row["candidate"]): row["score"] for row in rows}
    raise AssertionError(f"vote {activity_id} not in the export")
