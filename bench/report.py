"""The readable table printed after a run (the JSON holds everything, each run too)."""


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list):
        return "/".join(_fmt(v) for v in value)
    return str(value)


JOIN_ROWS = [
    ("phones connected", "phones_connected"),
    ("phones failed", "phones_failed_count"),
    ("connect time, all phones (s)", "connect_s"),
    ("join-to-connected p50 (ms)", ("connect_ms", "p50")),
    ("join-to-connected p95 (ms)", ("connect_ms", "p95")),
    ("HTTP requests per join (assets incl.)", "http_requests_per_join"),
    ("server CPU per join (ms)", "server_cpu_ms_per_join"),
    ("TCP connections per phone, connected", "server_connections_per_phone"),
    ("RSS per phone, once connected (KB)", "rss_kb_per_phone_connected"),
    ("other processes, % of a core (joins)", ("join_window", "other_processes_cpu_pct")),
    ("load average (1 min) after the joins", ("join_window", "loadavg_after")),
]

BURST_ROWS = [
    *JOIN_ROWS,
    ("socket disconnects (all / in burst)", "disconnects"),
    ("ballot seen after open p95 (ms)", ("ballot_seen_ms", "p95")),
    ("dots acked / sent", None),
    ("dots lost", "votes_lost"),
    ("dots double-counted", "votes_double_counted"),
    ("dots failed (never acked)", "votes_failed"),
    ("dots refused (4xx)", "votes_refused"),
    ("taps queued behind another", "taps_queued"),
    ("taps dropped (button disabled)", "taps_dropped_button_disabled"),
    ("lost answers resent / answered 2xx", "replays"),
    ("ack from the tap p50 (ms)", ("ack_ms", "p50")),
    ("ack from the tap p95 (ms)", ("ack_ms", "p95")),
    ("ack from the tap p99 (ms)", ("ack_ms", "p99")),
    ("ack from the tap max (ms)", ("ack_ms", "max")),
    ("projector final after last ack (ms)", "projector_final_after_last_ack_ms"),
    ("pushes per phone, max (burst)", "pushes_per_phone_max"),
    ("pushes per projector (burst)", "pushes_per_projector"),
    ("server CPU per acknowledged dot (ms)", "server_cpu_ms_per_acked_dot"),
    ("tap requests per acknowledged dot", "tap_requests_per_acked_dot"),
    ("server CPU per tap request (ms)", "server_cpu_ms_per_tap_request"),
    ("server CPU, % of one core (burst)", "server_cpu_pct_of_core_burst"),
    ("RSS per phone, peak (KB)", "rss_kb_per_phone"),
    ("RSS peak (MB)", "rss_kb_peak"),
    ("generator CPU, % of one core", "generator_cpu_pct_burst"),
    ("generator loop lag p99 (ms)", ("generator_loop_lag_ms", "p99")),
    ("other processes, % of a core (burst)", "other_processes_cpu_pct_burst"),
    ("load average (1 min) after the burst", "loadavg"),
    ("noisy (other load > 10 % of a core)", "noisy"),
]


def _get(figures: dict | None, key):
    if figures is None:
        return None
    if key is None:
        return f"{figures.get('votes_acked', 0):,} / {figures.get('votes_sent', 0):,}"
    if key == "disconnects":
        return f"{figures.get('socket_disconnects')} / {figures.get('socket_disconnects_burst')}"
    if key == "replays":
        return f"{figures.get('replays_sent')} / {figures.get('replays_answered_2xx')}"
    if isinstance(key, tuple):
        value = (figures.get(key[0]) or {}).get(key[1])
        return value[0] if isinstance(value, list) else value
    value = figures.get(key)
    if key == "loadavg" and value:
        return value[0]  # the 1-minute load average
    if key == "rss_kb_peak" and value is not None:
        return round(value / 1024, 1)
    return value


def _ratio(ratios: dict, key):
    if isinstance(key, tuple):
        return (ratios.get(key[0]) or {}).get(key[1])
    return ratios.get(key) if isinstance(key, str) else None


def table(result: dict) -> str:
    """app, like-for-like, bare and the ratios, as a fixed-width table; then the spread."""
    scenario = result["scenario"]
    app, minimal, bare = result.get("app"), result.get("minimal"), result.get("bare")
    to_min, to_bare = result.get("ratio_to_minimal", {}), result.get("ratio_to_bare", {})
    if scenario.get("command") == "join":
        head = (
            f"join: {scenario['phones']} phones joining at {scenario['ramp_rate']:.1f}/s, "
            f"{scenario['workers']} app process(es), {scenario['database']}"
        )
        rows = JOIN_ROWS
    else:
        stacking = f", stacking (budget {scenario['budget']})" if scenario.get("stacking") else ""
        head = (
            f"burst: {scenario['phones']} phones x {scenario['dots']} dots in "
            f"{scenario['window']} s{stacking}, "
            f"{scenario['workers']} app process(es), {scenario['database']}, "
            f"{scenario['message_queue']}"
        )
        rows = BURST_ROWS
    lines = [
        head,
        f"medians of {scenario['repeat']} interleaved round(s); load average at start "
        f"{_fmt(scenario['loadavg_at_start'])}, at end {_fmt(scenario.get('loadavg_at_end'))}",
        f"{'figure':<40}{'app':>12}{'like-for-like':>15}{'bare':>12}{'app/lfl':>9}{'app/bare':>9}",
        "-" * 97,
    ]
    for label, key in rows:
        lines.append(
            f"{label:<40}{_fmt(_get(app, key)):>12}{_fmt(_get(minimal, key)):>15}"
            f"{_fmt(_get(bare, key)):>12}{_fmt(_ratio(to_min, key)):>9}"
            f"{_fmt(_ratio(to_bare, key)):>9}"
        )
    spreads = result.get("spread") or {}
    if scenario.get("repeat", 1) > 1 and spreads:
        lines += ["-" * 97, "spread over the runs (min - max):"]
        for stack, figures in spreads.items():
            for name, (low, high) in figures.items():
                lines.append(f"  {stack:<8} {name:<45} {_fmt(low)} - {_fmt(high)}")
    verdict = result.get("targets")
    if verdict:
        lines.append("-" * 97)
        for name, state in verdict.items():
            lines.append(f"target {name:<44} {state}")
    return "\n".join(lines)


def _cell(figures: dict, spread: dict, *path: str) -> str:
    value = figures
    for part in path:
        value = (value or {}).get(part)
    low_high = spread.get(".".join(path))
    text = _fmt(value)
    if low_high and low_high[0] != low_high[1]:
        text += f" [{_fmt(low_high[0])} - {_fmt(low_high[1])}]"
    return text


def markdown(result: dict) -> list[str]:
    """The README's rows for one result file: one row per stack, medians [min - max]."""
    scenario = result["scenario"]
    if scenario.get("command") == "join":
        what = f"join: {scenario['phones']:,} phones at {scenario['ramp_rate']:.0f}/s"
    else:
        what = (
            f"{scenario['phones']:,} phones x {scenario['dots']} dots, {scenario['window']:.0f} s"
        )
        if scenario.get("stacking"):
            what += f", stacking (budget {scenario['budget']})"
    if scenario.get("workers", 1) > 1:
        what += f", {scenario['workers']} processes, {scenario['database']}"
    rows = []
    names = {"bare": "bare", "minimal": "like-for-like", "app": "app"}
    for stack in scenario["stacks"]:
        f, sp = result[stack], result.get("spread", {}).get(stack, {})
        loads = [
            r["figures"].get("loadavg") or r["figures"]["join_window"]["loadavg_after"]
            for r in result["runs"]
            if r["stack"] == stack
        ]
        load = f"{min(x[0] for x in loads):.0f}-{max(x[0] for x in loads):.0f}"
        other = f.get("other_processes_cpu_pct_burst", f["join_window"]["other_processes_cpu_pct"])
        cells = [what, names[stack]]
        if scenario.get("command") != "join":
            cells += [
                f"{f['votes_acked']:,} / {f['votes_sent']:,}",
                f"{f['votes_lost']} / {f['votes_double_counted']}",
                _cell(f, sp, *("ack_ms", "p50")) + " / " + _cell(f, sp, *("ack_ms", "p95")),
                _cell(f, sp, *("server_cpu_ms_per_acked_dot",)),
                _fmt(f["tap_requests_per_acked_dot"]),
                _fmt(f["projector_final_after_last_ack_ms"]),
            ]
        cells += [
            _cell(f, sp, *("connect_ms", "p95")),
            _cell(f, sp, *("server_cpu_ms_per_join",)),
            _fmt(f["http_requests_per_join"]),
            _fmt(f["server_connections_per_phone"]),
            _fmt(f["rss_kb_per_phone_connected"])
            + (f" / {_fmt(f['rss_kb_per_phone'])}" if "rss_kb_per_phone" in f else ""),
            f"{_fmt(other)} %, load {load}",
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows


if __name__ == "__main__":  # python -m bench.report results.json...: the README's rows
    import json
    import sys

    for name in sys.argv[1:]:
        with open(name) as file:
            print("\n".join(markdown(json.load(file))))
