"""Small statistics helpers: percentiles and ratios, rounded for reading."""

import math


def percentile(values: list[float], q: float) -> float | None:
    """The q-th percentile (0-100) by the nearest-rank method; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float], digits: int = 1) -> dict:
    """p50, p95, p99, max and mean of some values (milliseconds, say)."""
    if not values:
        return {"p50": None, "p95": None, "p99": None, "max": None, "mean": None, "n": 0}
    figures = {f"p{q}": percentile(values, q) for q in (50, 95, 99)}
    figures |= {"max": max(values), "mean": sum(values) / len(values)}
    return {k: round(v, digits) for k, v in figures.items()} | {"n": len(values)}


def ratio(value, base, digits: int = 2):
    """value / base, or None when either is missing or the base is too small to divide by."""
    if not isinstance(value, int | float) or not isinstance(base, int | float):
        return None
    if isinstance(value, bool) or isinstance(base, bool) or abs(base) < 1e-9:
        return None
    return round(value / base, digits)


def ratios(figures: dict, bare: dict) -> dict:
    """Every numeric figure (nested dicts too) divided by the bare stack's same figure."""
    out = {}
    for key, value in figures.items():
        if key not in bare:
            continue
        if isinstance(value, dict) and isinstance(bare[key], dict):
            nested = ratios(value, bare[key])
            if nested:
                out[key] = nested
        else:
            r = ratio(value, bare[key])
            if r is not None:
                out[key] = r
    return out


# Figures where one bad run must show: the worst run is reported, never the median.
WORST = {
    "votes_lost",
    "votes_double_counted",
    "votes_failed",
    "votes_refused",
    "votes_stored_unacked",
    "phones_failed_count",
    "socket_disconnects",
    "socket_disconnects_burst",
    "taps_in_flight_per_phone_max",
}


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def aggregate(runs: list[dict]) -> dict:
    """One stack's figures over its runs: the median of each number (nested dicts too),
    the worst for integrity counts, all() for "converged", any() for "noisy", and the first
    run's value for the rest (lists, texts)."""
    if len(runs) == 1:
        return dict(runs[0])
    out = {}
    for key, first in runs[0].items():
        values = [run.get(key) for run in runs]
        if key in WORST and all(_number(v) for v in values):
            out[key] = max(values)
        elif key == "noisy":
            out[key] = any(values)
        elif isinstance(first, bool):
            out[key] = all(values)
        elif all(_number(v) for v in values):
            m = median(values)
            out[key] = round(m, 3) if isinstance(m, float) else m
        elif all(isinstance(v, dict) for v in values) and key not in ("final_tally",):
            out[key] = aggregate(values)
        else:
            out[key] = first
    return out


def spread(runs: list[dict], paths: list[tuple]) -> dict:
    """[min, max] over the runs of each figure named by a path of keys."""
    out = {}
    for path in paths:
        values = []
        for run in runs:
            value = run
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if _number(value):
                values.append(value)
        if values:
            out[".".join(path)] = [min(values), max(values)]
    return out
