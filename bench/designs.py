"""`python -m bench designs ...`: the tap's designs on the same room, interleaved.

Takes every option of `python -m bench burst` and runs, in each round, the like-for-like
minimal app, then the app with phones tapping over HTTP (each answer the whole ballot:
the design before issue 15), then the app with phones tapping over their sockets (each
answer the rows the tap changed: static/js/vote.js now). Rounds repeat (`--repeat`,
default 3) and the median of each figure is reported with its spread, so a busy moment
of the shared machine weighs on all designs alike. `--profile PATH` records the first
round of each app design with py-spy (PATH-app.svg, PATH-app-socket.svg and their text
summaries).
"""

import json
import os
import shutil
import signal
import tempfile
import time
from pathlib import Path

from bench import cli
from bench.clock import Deadline
from bench.servers import raise_open_file_limit
from bench.stats import aggregate, spread

DESIGNS = ("minimal", "app", "app-socket")
NAMES = {
    "minimal": "like-for-like minimal app (HTTP)",
    "app": "app, tap over HTTP, whole ballot",
    "app-socket": "app, tap over the socket, delta",
}
COLUMNS = [
    ("acked / intended", lambda f: f"{f['votes_acked']} / {f['votes_intended']}"),
    ("lost / double", lambda f: f"{f['votes_lost']} / {f['votes_double_counted']}"),
    ("ack p50 / p95 ms", lambda f: f"{f['ack_ms']['p50']} / {f['ack_ms']['p95']}"),
    ("CPU ms / acked dot", lambda f: f"{f['server_cpu_ms_per_acked_dot']}"),
    ("requests / dot", lambda f: f"{f['tap_requests_per_acked_dot']}"),
    ("projector after last ack ms", lambda f: f"{f.get('projector_final_after_last_ack_ms')}"),
    ("RSS KB / phone", lambda f: f"{f.get('rss_kb_per_phone')}"),
    ("other CPU %", lambda f: f"{f.get('other_processes_cpu_pct_burst')}"),
]


class DesignRun(cli.Run):
    """cli.Run, with a third stack: the app whose phones tap over their sockets."""

    via_socket = False

    @property
    def taps(self) -> str:
        return "socket" if self.via_socket else "http"

    def design(self, design: str, round_: int, deadline: Deadline, profile) -> dict:
        self.via_socket = design == "app-socket"
        stack = "app" if self.via_socket else design
        if profile is not None:
            profile = profile.with_name(f"{profile.stem}-{design}{profile.suffix or '.svg'}")
        return self.one(stack, f"{round_}{'s' if self.via_socket else ''}", deadline, profile)


def table(result: dict) -> str:
    lines = ["| design | " + " | ".join(name for name, _f in COLUMNS) + " |"]
    lines.append("|---" * (len(COLUMNS) + 1) + "|")
    for design in DESIGNS:
        figures = result.get(design)
        if figures:
            cells = " | ".join(cell(figures) for _name, cell in COLUMNS)
            lines.append(f"| {NAMES[design]} | {cells} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = cli.parse_args(["burst", *(argv or [])])
    signal.signal(signal.SIGTERM, cli._interrupt)
    if args.workers > 1 and not args.redis_url:
        args.redis_url = "private"
    log = cli.log_to(args.quiet)
    raise_open_file_limit()
    opts = cli.options(args)
    deadline = Deadline(args.timeout)
    tmp = Path(tempfile.mkdtemp(prefix="bench-designs-"))
    designs = [d for d in DESIGNS if not (d == "minimal" and args.no_minimal)]
    result = {
        "scenario": {
            **vars(opts),
            "designs": designs,
            "repeat": args.repeat,
            "workers": args.workers,
            "database": "PostgreSQL" if args.database_url else "SQLite",
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "runs": [],
    }
    run = DesignRun(args, opts, tmp, log)
    per_design: dict[str, list[dict]] = {d: [] for d in designs}
    try:
        for round_ in range(args.repeat):
            for design in designs:
                log(f"round {round_ + 1}/{args.repeat}: {design}; load {os.getloadavg()[0]:.2f}")
                profile = args.profile if round_ == 0 and design != "minimal" else None
                figures = run.design(design, round_, deadline, profile)
                per_design[design].append(figures)
                kept = {k: v for k, v in figures.items() if k != "timeline"}
                result["runs"].append({"design": design, "round": round_ + 1, "figures": kept})
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    result["scenario"]["app_snapshot"] = run.snapshot
    result["scenario"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    for design, runs in per_design.items():
        if runs:
            result[design] = aggregate(
                [{k: v for k, v in r.items() if k != "timeline"} for r in runs]
            )
    result["spread"] = {d: spread(r, cli.SPREAD) for d, r in per_design.items() if r}
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    print(table(result))
    ok = all(
        r["figures"].get("votes_lost", 0) == 0 and r["figures"].get("votes_double_counted", 0) == 0
        for r in result["runs"]
    )
    return 0 if ok else 1
