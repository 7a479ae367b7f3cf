"""`python -m bench burst ...` and `python -m bench join ...`: start the stacks, run the
same room on each, interleaved and repeated, and report medians with their spread."""

import argparse
import asyncio
import json
import os
import platform
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from bench.burst import Options, measure
from bench.clock import Deadline
from bench.report import table
from bench.servers import PrivateRedis, TempPostgres, pin, raise_open_file_limit, snapshot_app
from bench.stats import aggregate, ratios, spread
from bench.targets import BareTarget

STACKS = ("bare", "minimal", "app")  # the order of every round: floor, like-for-like, app
SPREAD = [
    ("ack_ms", "p50"),
    ("ack_ms", "p95"),
    ("server_cpu_ms_per_acked_dot",),
    ("tap_requests_per_acked_dot",),
    ("projector_final_after_last_ack_ms",),
    ("rss_kb_per_phone",),
    ("rss_kb_per_phone_connected",),
    ("connect_ms", "p95"),
    ("server_cpu_ms_per_join",),
    ("other_processes_cpu_pct_burst",),
    ("join_window", "other_processes_cpu_pct"),
]


def _common(parser, phones: int) -> None:
    parser.add_argument("--phones", type=int, default=phones)
    parser.add_argument("--candidates", type=int, default=8, help="orientations on the ballot")
    parser.add_argument("--workers", type=int, default=1, help="app processes (>1 needs Redis)")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server URL: a fresh database is created on it for each app run and "
        "dropped after (default: SQLite in a temporary folder)",
    )
    parser.add_argument(
        "--redis-url",
        help="Redis for the message queue; 'private' starts a throw-away redis-server for each "
        "app run (the default with --workers > 1)",
    )
    parser.add_argument("--json", type=Path, help="write every figure to this file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds of (bare, minimal, app), interleaved; medians are reported",
    )
    parser.add_argument(
        "--phone-connections",
        type=int,
        default=6,
        help="keep-alive connections each phone's browser may open (browsers: 6)",
    )
    parser.add_argument(
        "--phone-keepalive",
        type=float,
        default=115.0,
        help="seconds each phone's browser keeps an idle connection (Firefox: 115)",
    )
    parser.add_argument(
        "--connect-timeout",
        type=float,
        default=600.0,
        help="phones not joined and connected by then are given up (s)",
    )
    parser.add_argument("--timeout", type=float, default=3600.0, help="global deadline (s)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-bare", action="store_true", help="skip the bare floor")
    parser.add_argument("--no-minimal", action="store_true", help="skip the like-for-like app")
    parser.add_argument("--no-app", action="store_true", help="only measure the baselines")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    parser.add_argument("--quiet", action="store_true")
    # Tests only: the like-for-like server ignores idempotency keys (a double count to see).
    parser.add_argument("--minimal-ignore-key", action="store_true", help=argparse.SUPPRESS)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    burst = sub.add_parser("burst", help="a whole room votes at once")
    _common(burst, 2000)
    burst.add_argument("--dots", type=int, default=3, help="dots each person taps")
    burst.add_argument("--window", type=float, default=10.0, help="seconds the taps spread over")
    burst.add_argument(
        "--stacking",
        action="store_true",
        help="a vote that lets dots pile up (budget --budget, as many on one orientation): "
        "people may tap one orientation again, and a replay counted twice shows",
    )
    burst.add_argument("--budget", type=int, help="dots per phone (default: --dots; 6 stacking)")
    burst.add_argument("--ramp-rate", type=float, default=150.0, help="joins started per second")
    burst.add_argument("--ramp-concurrency", type=int, default=64, help="joins in flight")
    burst.add_argument(
        "--replay-fraction",
        type=float,
        default=0.05,
        help="share of taps whose first answer is lost: sent again with the same key",
    )
    burst.add_argument(
        "--settle",
        type=float,
        default=15.0,
        help="seconds the projector may take to show the final tally",
    )
    burst.add_argument(
        "--taps",
        choices=("socket", "http"),
        default="socket",
        help="how the app's phones send a tap: over their socket with an acknowledgement, "
        "falling back to HTTP, as static/js/vote.js does (default); or every tap over HTTP "
        "(the design before issue 15, the fallback's path)",
    )
    burst.add_argument(
        "--profile",
        type=Path,
        help="record the first app run with py-spy during the burst "
        "(an SVG flame graph here, and a text summary next to it)",
    )
    join = sub.add_parser("join", help="a whole room joins: browser-like joins over a minute")
    _common(join, 2000)
    join.add_argument("--over", type=float, default=60.0, help="seconds the joins spread over")
    join.add_argument(
        "--profile", type=Path, help="record the first app run with py-spy while phones join"
    )
    return parser.parse_args(argv)


def log_to(quiet: bool):
    started = time.monotonic()

    def log(message: str) -> None:
        if not quiet:
            print(f"{time.monotonic() - started:7.1f}s  {message}", file=sys.stderr, flush=True)

    return log


def options(args) -> Options:
    if args.command == "join":
        return Options(
            phones=args.phones,
            candidates=args.candidates,
            ramp_rate=args.phones / max(args.over, 1e-3),
            ramp_concurrency=max(1, args.phones),  # real phones do not wait for each other
            connect_timeout=args.connect_timeout,
            seed=args.seed,
            phone_connections=args.phone_connections,
            phone_keepalive=args.phone_keepalive,
            join_only=True,
        )
    budget = args.budget or (max(6, args.dots) if args.stacking else None)
    return Options(
        phones=args.phones,
        dots=args.dots,
        window=args.window,
        candidates=args.candidates,
        ramp_rate=args.ramp_rate,
        ramp_concurrency=args.ramp_concurrency,
        replay_fraction=args.replay_fraction,
        settle=args.settle,
        connect_timeout=args.connect_timeout,
        seed=args.seed,
        stacking=args.stacking,
        budget=budget,
        phone_connections=args.phone_connections,
        phone_keepalive=args.phone_keepalive,
    )


def run_target(target, opts: Options, deadline: Deadline, log, profile=None) -> dict:
    """Start a stack, measure one room on it, stop it (by pid) whatever happens."""
    try:
        generator_cores = target.start(None, timeout=deadline.left(120))
        pin(0, generator_cores)
        log(
            f"[{target.name}] servers up: "
            + ", ".join(
                f"{s.name} pid {s.pid} port {s.port} cores {sorted(s.cpus)}" for s in target.servers
            )
            + f"; generator cores {sorted(generator_cores)}; load {os.getloadavg()[0]:.2f}"
        )
        if profile is not None:
            target.profile_path = profile
        figures = asyncio.run(measure(target, opts, deadline, log))
        figures["server_logs"] = [str(s.log_path) for s in target.servers]
        return figures
    finally:
        target.stop()


def _state(ok, detail):
    return "met" if ok else f"NOT met ({detail})"


def verdict(app: dict, minimal: dict | None) -> dict:
    """The issue's one-process targets for a burst, each 'met' or 'NOT met (...)'."""
    out = {
        "nothing lost or double-counted": _state(
            app["votes_lost"] == 0
            and app["votes_double_counted"] == 0
            and app["votes_failed"] == 0,
            f"lost {app['votes_lost']}, double {app['votes_double_counted']}, "
            f"failed {app['votes_failed']}",
        ),
        "projector final <= 1 s after last ack": _state(
            app["projector_final_after_last_ack_ms"] is not None
            and app["projector_final_after_last_ack_ms"] <= 1000,
            f"{app['projector_final_after_last_ack_ms']} ms",
        ),
        "server CPU <= 1.0 ms per acknowledged dot": _state(
            app["server_cpu_ms_per_acked_dot"] <= 1.0, f"{app['server_cpu_ms_per_acked_dot']} ms"
        ),
        "RSS <= 100 KB per connected phone": _state(
            app["rss_kb_per_phone"] <= 100, f"{app['rss_kb_per_phone']} KB at the peak"
        ),
        "pushes per phone bounded (<= 1 per 0.2 s)": _state(
            app["pushes_per_phone_max"] <= app["burst_s"] / 0.2 + 2,
            f"{app['pushes_per_phone_max']} in {app['burst_s']} s",
        ),
    }
    if minimal:
        p95, base = app["ack_ms"]["p95"], minimal["ack_ms"]["p95"]
        out["ack p95 <= 2x like-for-like"] = _state(
            p95 is not None and base is not None and p95 <= 2 * base,
            f"{p95} ms vs like-for-like {base} ms",
        )
    return out


def join_verdict(app: dict) -> dict:
    p95 = app["connect_ms"]["p95"]
    return {
        "every phone connected": _state(
            app["phones_failed_count"] == 0, f"{app['phones_failed_count']} failed"
        ),
        "join-to-connected p95 < 1 s": _state(p95 is not None and p95 < 1000, f"{p95} ms"),
        "CPU per browser-like join <= 6 ms": _state(
            app["server_cpu_ms_per_join"] <= 6, f"{app['server_cpu_ms_per_join']} ms"
        ),
    }


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt  # so every `finally` stops the servers it started


class Run:
    """The stacks of one invocation, each started fresh for each of its runs."""

    def __init__(self, args, opts: Options, tmp: Path, log):
        self.args, self.opts, self.tmp, self.log = args, opts, tmp, log
        self.code = None
        self.snapshot = None

    def target(self, stack: str, folder: Path, database_url=None, redis_url=None):
        if stack == "bare":
            return BareTarget(folder, self.opts.candidates)
        if stack == "minimal":
            from bench.minimal_target import MinimalTarget

            return MinimalTarget(folder, self.opts, ignore_key=self.args.minimal_ignore_key)
        if self.code is None:
            self.code = self.tmp / "app"
            self.snapshot = snapshot_app(self.code)
        return self.app_target_class()(
            folder, self.args.workers, self.opts, database_url, redis_url, code=self.code
        )

    def app_target_class(self):
        """The app's phones tap as the page does (over the socket), or over HTTP (--taps http)."""
        from bench.app_target import AppTarget
        from bench.socket_taps import SocketTapTarget

        return SocketTapTarget if self.taps == "socket" else AppTarget

    @property
    def taps(self) -> str:
        return getattr(self.args, "taps", "socket")

    def one(self, stack: str, round_: int, deadline: Deadline, profile) -> dict:
        folder = self.tmp / f"{round_}-{stack}"
        folder.mkdir()
        opts = self.opts
        if stack == "bare":  # no idempotency there: a replay would count twice
            opts = Options(**{**vars(opts), "replay_fraction": 0.0})
        redis = pg = None
        try:
            if stack == "app":
                if self.args.redis_url == "private":
                    redis = PrivateRedis(folder)
                    redis.start()
                if self.args.database_url:
                    pg = TempPostgres(self.args.database_url)
                    pg.create()
            redis_url = redis.url if redis else self.args.redis_url
            target = self.target(stack, folder, pg.url if pg else None, redis_url)
            figures = run_target(target, opts, deadline, self.log, profile)
            if getattr(target, "profile_summary", None):
                figures["profile"] = target.profile_summary
            if hasattr(target, "tap_counts"):  # which way the taps went
                figures["tap_transport"] = target.tap_counts()
            return figures
        finally:
            if redis:
                redis.stop()
            if pg:
                try:
                    pg.drop()
                except Exception as error:  # noqa: BLE001 - report, do not hide the result
                    self.log(f"could not drop {pg.name}: {error}")


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    if args.workers > 1 and not args.redis_url:
        args.redis_url = "private"
    log = log_to(args.quiet)
    nofile = raise_open_file_limit()
    per_phone = args.phone_connections + 3
    if nofile < args.phones * per_phone + 200:
        log(f"warning: open-file limit {nofile} may be too low for {args.phones} phones")
    opts = options(args)
    deadline = Deadline(args.timeout)
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{args.command}-"))
    stacks = [
        s
        for s in STACKS
        if not (
            (s == "bare" and args.no_bare)
            or (s == "minimal" and args.no_minimal)
            or (s == "app" and args.no_app)
        )
    ]
    result = {
        "scenario": {
            **{k: v for k, v in vars(opts).items()},
            "command": args.command,
            "stacks": stacks,
            "repeat": args.repeat,
            "workers": args.workers,
            "taps": getattr(args, "taps", None),
            "database": "PostgreSQL" if args.database_url else "SQLite",
            "message_queue": "Redis" if args.redis_url else "no message queue",
            "cores": os.cpu_count(),
            "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        },
        "runs": [],
    }
    run = Run(args, opts, tmp, log)
    per_stack: dict[str, list[dict]] = {s: [] for s in stacks}
    try:
        for round_ in range(args.repeat):
            for stack in stacks:
                log(f"round {round_ + 1}/{args.repeat}: {stack}")
                first_app = round_ == 0 and stack == "app"
                profile = getattr(args, "profile", None) if first_app else None
                figures = run.one(stack, round_, deadline, profile)
                per_stack[stack].append(figures)
                result["runs"].append(
                    {
                        "stack": stack,
                        "round": round_ + 1,
                        "figures": {k: v for k, v in figures.items() if k != "timeline"},
                    }
                )
                result["scenario"]["app_snapshot"] = run.snapshot
                if args.json:  # so far: an interrupted run keeps the runs it finished
                    args.json.write_text(json.dumps(result, indent=2, default=str))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log(f"logs kept in {tmp}")
    result["scenario"]["app_snapshot"] = run.snapshot
    result["scenario"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    for stack, runs in per_stack.items():
        if runs:
            result[stack] = aggregate(runs)
    result["spread"] = {s: spread(r, SPREAD) for s, r in per_stack.items() if r}
    app, bare, minimal = result.get("app"), result.get("bare"), result.get("minimal")
    if app:
        if args.command == "join":
            result["targets"] = join_verdict(app)
        else:
            result["targets"] = verdict(app, minimal)
        for name, base in (("bare", bare), ("minimal", minimal)):
            if base:
                result[f"ratio_to_{name}"] = ratios(
                    {k: v for k, v in app.items() if k not in ("timeline", "per_server")}, base
                )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    print(table(result))
    worst = [r["figures"] for r in result["runs"] if r["stack"] != "bare"]
    ok = all(f.get("votes_lost", 0) == 0 and f.get("votes_double_counted", 0) == 0 for f in worst)
    return 0 if ok else 1
