"""The readable table printed after a run (the JSON holds everything)."""


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


ROWS = [
    ("phones connected", "phones_connected"),
    ("phones failed", "phones_failed_count"),
    ("connect time, all phones (s)", "connect_s"),
    ("join+connect per phone p95 (ms)", ("connect_ms", "p95")),
    ("socket disconnects (all / in burst)", "disconnects"),
    ("ballot seen after open p95 (ms)", ("ballot_seen_ms", "p95")),
    ("votes acked / sent", None),
    ("votes lost", "votes_lost"),
    ("votes double-counted", "votes_double_counted"),
    ("votes failed (never acked)", "votes_failed"),
    ("replays (same key) answered 2xx", "replays_answered_2xx"),
    ("ack p50 (ms)", ("ack_ms", "p50")),
    ("ack p95 (ms)", ("ack_ms", "p95")),
    ("ack p99 (ms)", ("ack_ms", "p99")),
    ("ack max (ms)", ("ack_ms", "max")),
    ("projector final after last ack (ms)", "projector_final_after_last_ack_ms"),
    ("pushes per phone, max (burst)", "pushes_per_phone_max"),
    ("pushes per projector (burst)", "pushes_per_projector"),
    ("server CPU in burst (s)", "server_cpu_s_burst"),
    ("server CPU per acked vote (ms)", "server_cpu_ms_per_vote"),
    ("tap requests sent (retries included)", "tap_requests"),
    ("server CPU per tap request (ms)", "server_cpu_ms_per_tap_request"),
    ("server CPU, % of one core", "server_cpu_pct_of_core_burst"),
    ("server CPU per join (ms)", "server_cpu_ms_per_join"),
    ("RSS per phone, peak (KB)", "rss_kb_per_phone"),
    ("RSS per phone, once connected (KB)", "rss_kb_per_phone_connected"),
    ("RSS peak (MB)", "rss_kb_peak"),
    ("generator CPU, % of one core", "generator_cpu_pct_burst"),
    ("generator loop lag p99 (ms)", ("generator_loop_lag_ms", "p99")),
    ("other processes, % of a core (burst)", "other_processes_cpu_pct_burst"),
]


def _get(figures: dict | None, key):
    if figures is None:
        return None
    if key is None:
        return f"{figures.get('votes_acked', 0):,} / {figures.get('votes_sent', 0):,}"
    if key == "disconnects":
        return f"{figures.get('socket_disconnects')} / {figures.get('socket_disconnects_burst')}"
    if isinstance(key, tuple):
        return (figures.get(key[0]) or {}).get(key[1])
    value = figures.get(key)
    if key == "rss_kb_peak" and value is not None:
        return round(value / 1024, 1)
    return value


def table(result: dict) -> str:
    """Render app vs bare vs ratio as a fixed-width table."""
    app, bare, ratios = result.get("app"), result.get("bare"), result.get("ratio_to_bare", {})
    lines = [
        f"burst: {result['scenario']['phones']} phones x {result['scenario']['dots']} dots in "
        f"{result['scenario']['window']} s, {result['scenario']['workers']} app process(es), "
        f"{result['scenario']['database']}, {result['scenario']['message_queue']}",
        f"{'figure':<40}{'app':>14}{'bare':>14}{'app/bare':>10}",
        "-" * 78,
    ]
    for label, key in ROWS:
        r = None
        if isinstance(key, tuple):
            r = (ratios.get(key[0]) or {}).get(key[1])
        elif key is not None:
            r = ratios.get(key)
        lines.append(
            f"{label:<40}{_fmt(_get(app, key)):>14}{_fmt(_get(bare, key)):>14}{_fmt(r):>10}"
        )
    verdict = result.get("targets")
    if verdict:
        lines.append("-" * 78)
        for name, state in verdict.items():
            lines.append(f"target {name:<40} {state}")
    return "\n".join(lines)
