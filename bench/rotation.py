"""`python -m bench.rotation`: how long the speed-meeting planner takes on a large room.

Plans 100 + 100 people (by default) for 10 rounds in several shapes, with and without
wishes and history, and prints the median of 5 runs (wall clock and process CPU) with
what the plan achieved: pauses per round, wishes fulfilled, last session's pairs met
again. Pure computation, one process: no app, no database.
"""

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from workshop.domain.rotation import (
    EVERYONE,
    FAVOUR,
    TRIO,
    TWO_SIDES,
    RotationSettings,
    meetings,
    pair,
    plan_rounds,
    replan,
)

WISHES_PER_PERSON = 3
HISTORY_ROUNDS = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.rotation")
    parser.add_argument("--size", type=int, default=100, help="people per side")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5, help="runs per case (median)")
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    return parser.parse_args(argv)


def roster(size: int, extra: int = 0) -> tuple[list[int], list[int]]:
    return list(range(size)), list(range(10_000, 10_000 + size + extra))


def preferences(a, b, rounds: int) -> dict:
    """Three wishes per person (random, across sides) and a full earlier session."""
    rng = random.Random(42)
    wishes = {(p, rng.choice(b)) for p in a for _ in range(WISHES_PER_PERSON)}
    wishes |= {(p, rng.choice(a)) for p in b for _ in range(WISHES_PER_PERSON)}
    last = plan_rounds(a, b, RotationSettings(rounds, 300), seed=7)
    return {"wishes": wishes, "history": meetings(last.rounds, TWO_SIDES)}


def cases(size: int, rounds: int):
    a, b = roster(size)
    prefs = preferences(a, b, min(rounds, HISTORY_ROUNDS))
    pairs, fours = RotationSettings(rounds, 300), RotationSettings(rounds, 300, table=(2, 2))
    yield "1+1", a, b, pairs, {}
    yield "1+1, wishes + history (avoid)", a, b, pairs, prefs
    yield "1+1, wishes + history (favour)", a, b, pairs, prefs | {"history_policy": FAVOUR}
    yield "2+2", a, b, fours, {}
    yield "2+2, wishes + history (avoid)", a, b, fours, prefs
    a2, b2 = roster(size, extra=size // 5)
    yield f"1+1, {size}+{len(b2)}, pauses", a2, b2, pairs, {}
    yield f"1+1, {size}+{len(b2)}, trios", a2, b2, RotationSettings(rounds, 300, surplus=TRIO), {}
    yield (
        f"everyone, pairs, {2 * size}",
        a + b,
        [],
        RotationSettings(rounds, 300, mode=EVERYONE),
        {},
    )
    four = RotationSettings(rounds, 300, mode=EVERYONE, table=(2, 2))
    yield f"everyone, fours, {2 * size}", a + b, [], four, {}


def timed(call, runs: int):
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def achieved(plan, prefs) -> dict:
    met = meetings(plan.rounds, plan.settings.mode)
    wished = {pair(*w) for w in prefs.get("wishes", ())}
    history = prefs.get("history", frozenset())
    return {
        "pauses_per_round": max(len(r.idle) for r in plan.rounds),
        "wishes_met": f"{len(wished & met)}/{len(wished)}" if wished else "-",
        "history_met_again": len(history & met) if history else "-",
        "tables": plan.tables,
    }


def measure(name, a, b, s, prefs, runs) -> dict:
    plan, wall, cpu = timed(lambda: plan_rounds(a, b, s, **prefs), runs)
    return {"case": name, "wall_ms": round(wall), "cpu_ms": round(cpu)} | achieved(plan, prefs)


def measure_replan(size: int, rounds: int, runs: int) -> dict:
    """Replan from the middle: 5 leave, 5 arrive on each side, half the rounds held."""
    a, b = roster(size)
    plan = plan_rounds(a, b, RotationSettings(rounds, 300))
    a2 = a[5:] + list(range(5_000, 5_005))
    b2 = b[5:] + list(range(20_000, 20_005))
    again, wall, cpu = timed(lambda: replan(plan, rounds // 2 + 1, a2, b2), runs)
    name = f"1+1 replan from round {rounds // 2 + 1}, 5 in / 5 out per side"
    return {"case": name, "wall_ms": round(wall), "cpu_ms": round(cpu)} | achieved(again, {})


def main(argv=None) -> int:
    args = parse_args(argv)
    rows = [measure(*case, args.runs) for case in cases(args.size, args.rounds)]
    rows.append(measure_replan(args.size, args.rounds, args.runs))
    header = ["case", "wall_ms", "cpu_ms", "pauses_per_round", "wishes_met", "history_met_again"]
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[k]) for k in header))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
