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
