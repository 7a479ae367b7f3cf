"""Speed meetings: who sits at which table, round after round.

Two sides (association leaders on side A, company leaders on side B, say) meet at
small tables, 1+1 up to 2+2, for `rounds` rounds of `round_seconds` each; or, in
"everyone" mode, one pool meets at tables of 2 to 4. Plain values in (person ids
are ints; RotationSettings), a Plan out (Round, Table); `table_plan_rows` prints
it and `person_schedule` tells one phone where to go. A plan is deterministic for
its `seed`: "regenerate" is another seed. Standard library only.

Words. A *meeting* is two people of opposite sides at one table (in "everyone"
mode, any two people at one table). Tablemates of the same side sit together but
do not meet: in 2+2, and in a trio (1+2), each side is cut, when the plan is made,
into *units* of one or two people who share a table all along, like a delegation
(a replan keeps the duos of the rounds held when both are still there). The
*pause* is where whoever has no table this round waits (`Round.idle`).

Always (any input the planner accepts; property-tested):
- Nobody meets the same person twice: not within the plan, not with anyone met in
  a round already held.
- Everyone in the roster is, in each round, at exactly one table or at the pause;
  nobody else is anywhere.
- A table has 1..table[0] people of side A and 1..table[1] of side B ("trio"
  widens the larger side's 1 to 2; "everyone": 2..table[0] + table[1] people, 3
  for a pairs' trio). A round has at most max_tables tables, each number used
  once, all within 1..max_tables.
- Hosts stay at their table: hosts are numbered 1..H (side A's by id, then side
  B's) and sit at that number whenever they sit. Two hosts never share a table,
  so hosts of opposite sides never meet. A host who pauses lends their number for
  that round only when the room has no other free table.
- Rounds already held never change (`replan`); leavers are in no later round;
  late arrivals are in every round from `from_round` on.
- Without hosts and with a table for every unit of the smaller side, the side
  cut into fewer units (side A when equal: with equal sides, side A) keeps its
  table number all along and the other side moves.

What a round aims for, each criterion before the next (two sides: one exact
maximum-weight assignment of units per round; everyone: see below):
1. the tables the plan uses (`Plan.tables`) filled: the fewest tables that seat
   the most people with the chosen shape, within max_tables;
2. the most people seated;
3. fairness: those who paused most often sit first;
4. wishes: the most wished pairs meet (a wish both ways counts twice); a wish
   beats the history, so a wished pair meets even if they met last session;
5. history: "avoid" the fewest pairs who met in an earlier session, "favour" the
   most, "ignore" them;
6. a random tie-break drawn from the seed.

Proved, and property-tested. Call a plan *clean* when it holds no round yet,
hosts are on one side at most, and one side is cut into exactly `Plan.tables`
units (max_tables does not make both sides pause); *balanced* when both are.
- Clean: every round of the plan fills its tables and the larger side's units
  pause in turn, each at most (its units - tables) times; with `rounds` equal to
  the most allowed (too_many_rounds), every unit of A meets every unit of B: with
  equal sides in 1+1, everyone meets everyone after n rounds. Why: with one
  "pause seat" per extra unit, each usable at most once by each unit, the graph
  of what is left to meet is regular bipartite, which always has a perfect
  matching (Hall/König); taking one keeps it regular.
- Balanced, 1+1: round 1 fulfils as many wishes as any round could; each later
  round fulfils at least one wish still open, if any (every edge of a regular
  bipartite graph lies in a perfect matching).
- Balanced 1+1, no wishes, history of k earlier rounds among the same people
  (k perfect matchings): with "avoid" and rounds <= n - k nobody meets someone
  from the history; with "favour" and rounds <= k, every meeting is from it.
- Each round of a two-sides plan (1+1) that continues held rounds is the best
  round by the criteria above, given the meetings before it.
- Everyone, pairs, "pause", no max_tables, one host at most, nothing held:
  every round seats all but the odd one out, everybody pauses at most once, and
  with the most allowed rounds everyone meets everyone (circle method).

Best effort (no proof): prefix fairness (who pauses twice before another pauses
once) beyond the criterion above; coverage after replans, with max_tables making
both sides pause, or hosts on both sides; wishes beyond the laws above; tables of
3 or 4 in "everyone" mode (filled greedily: no repeat and sizes still hold, but a
round may seat fewer than possible); pairs' trios in "everyone" mode.

Odd numbers, unequal sides and a small room are not refused: the larger side's
extra people pause in turn or join a trio, and `Plan.tables_wanted` says how many
tables would seat everyone. Wishes, hosts and history about people not in the
roster are ignored (they may have left, or belong to another session).

Refusals: RotationRefused(code, **params) changes nothing; the service layer
words them. Settings (RotationSettings): bad_mode, bad_table_size (not 1..2 per
side), bad_surplus (not "pause"/"trio"), no_rounds (not 1..most, params most),
zero_duration (round_seconds not > 0), bad_max_tables (not None or >= 1).
Plans (plan_rounds, replan): bad_history_policy, duplicate_person (person),
person_on_both_sides (person), one_side_empty (side: 0 = A, 1 = B),
too_few_people ("everyone" with fewer than least=2), wish_self (person),
wish_same_side (person, wanted), bad_held_rounds (held rounds not numbered 1..k
with k <= rounds, or someone twice in one), too_many_hosts (most: more hosts
than the room's tables or than units their side forms), too_many_rounds (most:
more rounds than it takes at best for every pair to meet; checked when nothing
is held yet), bad_from_round (replan, most).
"""

from workshop.domain.rotation.planner import plan_rounds, replan, rounds_limit
from workshop.domain.rotation.sheets import (
    Appointment,
    PlanRow,
    next_appointment,
    person_schedule,
    table_plan_rows,
)
from workshop.domain.rotation.values import (
    AVOID,
    EVERYONE,
    FAVOUR,
    IGNORE,
    PAUSE,
    REFUSALS,
    TRIO,
    TWO_SIDES,
    Plan,
    RotationRefused,
    RotationSettings,
    Round,
    Table,
    meetings,
    pair,
)

__all__ = [
    "AVOID",
    "EVERYONE",
    "FAVOUR",
    "IGNORE",
    "PAUSE",
    "REFUSALS",
    "TRIO",
    "TWO_SIDES",
    "Appointment",
    "Plan",
    "PlanRow",
    "RotationRefused",
    "RotationSettings",
    "Round",
    "Table",
    "meetings",
    "next_appointment",
    "pair",
    "person_schedule",
    "plan_rounds",
    "replan",
    "rounds_limit",
    "table_plan_rows",
]
