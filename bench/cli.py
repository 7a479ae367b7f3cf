"""`python -m bench burst ...`: start the stacks, run the same burst on each, report."""

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
from bench.servers import PrivateRedis, TempPostgres, pin, raise_open_file_limit
from bench.stats import ratios
from bench.targets import BareTarget


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench")
    sub = parser.add_subparsers(dest="command", required=True)
    burst = sub.add_parser("burst", help="a whole room votes at once")
    burst.add_argument("--phones", type=int, default=2000)
    burst.add_argument("--dots", type=int, default=3, help="dots per phone")
    burst.add_argument("--window", type=float, default=10.0, help="seconds the votes spread over")
    burst.add_argument("--candidates", type=int, default=8, help="orientations on the ballot")
    burst.add_argument("--workers", type=int, default=1, help="app processes (>1 needs Redis)")
    burst.add_argument(
        "--database-url",
        help="a PostgreSQL server URL: a fresh database is created on it and dropped after "
        "(default: SQLite in a temporary folder)",
    )
    burst.add_argument(
        "--redis-url",
        help="Redis for the message queue; 'private' starts a throw-away redis-server "
        "(the default with --workers > 1)",
    )
    burst.add_argument("--json", type=Path, help="write every figure to this file")
    burst.add_argument("--ramp-rate", type=float, default=150.0, help="joins started per second")
    burst.add_argument("--ramp-concurrency", type=int, default=64, help="joins in flight")
    burst.add_argument(
        "--replay-fraction",
        type=float,
        default=0.05,
        help="share of acked dots sent again with the same key (app only)",
    )
    burst.add_argument(
        "--settle",
        type=float,
        default=15.0,
        help="seconds the projector may take to show the final tally",
    )
    burst.add_argument(
        "--connect-timeout",
        type=float,
        default=600.0,
        help="phones not joined and connected by then are given up (s)",
    )
    burst.add_argument("--timeout", type=float, default=1800.0, help="global deadline (s)")
    burst.add_argument("--seed", type=int, default=7)
    burst.add_argument("--no-bare", action="store_true", help="skip the bare stack")
    burst.add_argument("--no-app", action="store_true", help="only measure the bare stack")
    burst.add_argument(
        "--profile",
        type=Path,
        help="record the first app process with py-spy during the burst "
        "(an SVG flame graph here, and a text summary next to it)",
    )
    burst.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    burst.add_argument("--quiet", action="store_true")
    return parser.parse_args(argv)


def log_to(quiet: bool):
    started = time.monotonic()

    def log(message: str) -> None:
        if not quiet:
            print(f"{time.monotonic() - started:7.1f}s  {message}", file=sys.stderr, flush=True)

    return log


def burst_options(args) -> Options:
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
    )


def run_target(target, opts: Options, deadline: Deadline, tmp: Path, log, profile=None) -> dict:
    """Start a stack, measure one burst on it, stop it (by pid) whatever happens."""
    try:
        generator_cores = target.start(tmp, timeout=deadline.left(120))
        pin(0, generator_cores)
        log(
            f"[{target.name}] servers up: "
            + ", ".join(
                f"{s.name} pid {s.pid} port {s.port} cores {sorted(s.cpus)}" for s in target.servers
            )
            + f"; generator cores {sorted(generator_cores)}"
        )
        if profile is not None:
            target.profile_path = profile
        figures = asyncio.run(measure(target, opts, deadline, log))
        figures["server_logs"] = [str(s.log_path) for s in target.servers]
        return figures
    finally:
        target.stop()


def verdict(app: dict, bare: dict | None) -> dict:
    """The issue's one-process targets, each as 'met' or 'NOT met (...)'."""

    def state(ok, detail):
        return "met" if ok else f"NOT met ({detail})"

    out = {
        "nothing lost or double-counted": state(
            app["votes_lost"] == 0
            and app["votes_double_counted"] == 0
            and app["votes_failed"] == 0,
            f"lost {app['votes_lost']}, double {app['votes_double_counted']}, "
            f"failed {app['votes_failed']}",
        ),
        "projector final <= 1 s after last ack": state(
            app["projector_final_after_last_ack_ms"] is not None
            and app["projector_final_after_last_ack_ms"] <= 1000,
            f"{app['projector_final_after_last_ack_ms']} ms",
        ),
        "pushes per phone bounded (<= 1 per 0.2 s)": state(
            app["pushes_per_phone_max"] <= app["burst_s"] / 0.2 + 2,
            f"{app['pushes_per_phone_max']} in {app['burst_s']} s",
        ),
        "RSS <= 100 KB per phone": state(
            app["rss_kb_per_phone"] <= 100, f"{app['rss_kb_per_phone']} KB"
        ),
    }
    if bare:
        p95, base = app["ack_ms"]["p95"], bare["ack_ms"]["p95"]
        out["ack p95 <= 2x bare"] = state(
            p95 is not None and base is not None and p95 <= 2 * base,
            f"{p95} ms vs bare {base} ms",
        )
    return out


def _interrupt(_signum, _frame):
    raise KeyboardInterrupt  # so every `finally` stops the servers it started


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    if args.workers > 1 and not args.redis_url:
        args.redis_url = "private"
    log = log_to(args.quiet)
    nofile = raise_open_file_limit()
    if nofile < args.phones * 2 + 200:
        log(f"warning: open-file limit {nofile} may be too low for {args.phones} phones")
    opts = burst_options(args)
    deadline = Deadline(args.timeout)
    tmp = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    redis = pg = None
    result = {
        "scenario": {
            **{k: v for k, v in vars(opts).items()},
            "workers": args.workers,
            "database": "PostgreSQL" if args.database_url else "SQLite",
            "message_queue": "Redis" if args.redis_url else "no message queue",
            "cores": os.cpu_count(),
            "loadavg_at_start": os.getloadavg(),
            "python": platform.python_version(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
    }
    try:
        if not args.no_bare:
            bare_opts = Options(**{**vars(opts), "replay_fraction": 0.0})  # no idempotency there
            result["bare"] = run_target(
                BareTarget(tmp, opts.candidates), bare_opts, deadline, tmp, log
            )
        if not args.no_app:
            from bench.app_target import AppTarget

            if args.redis_url == "private":
                redis = PrivateRedis(tmp)
                redis.start()
            if args.database_url:
                pg = TempPostgres(args.database_url)
                pg.create()
            target = AppTarget(
                tmp,
                args.workers,
                opts,
                database_url=pg.url if pg else None,
                redis_url=redis.url if redis else args.redis_url,
            )
            result["scenario"]["app_snapshot"] = target.snapshot
            result["app"] = run_target(target, opts, deadline, tmp, log, args.profile)
            if getattr(target, "profile_summary", None):
                result["profile"] = target.profile_summary
    finally:
        if redis:
            redis.stop()
        if pg:
            try:
                pg.drop()
            except Exception as error:  # noqa: BLE001 - report, do not hide the result
                log(f"could not drop {pg.name}: {error}")
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            log(f"logs kept in {tmp}")
    app, bare = result.get("app"), result.get("bare")
    if app:
        top = {
            k: app[k]
            for k in (
                "phones_connected",
                "votes_acked",
                "votes_lost",
                "votes_double_counted",
                "ack_ms",
                "projector_final_after_last_ack_ms",
                "pushes_per_phone_max",
                "pushes_per_projector",
                "server_cpu_ms_per_vote",
                "rss_kb_per_phone",
            )
        }
        result = {**top, **result}
        result["targets"] = verdict(app, bare)
        if bare:
            result["ratio_to_bare"] = ratios(
                {k: v for k, v in app.items() if k not in ("timeline", "per_server")}, bare
            )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    print(table(result) if app or bare else json.dumps(result, indent=2))
    ok = app is None or (app["votes_lost"] == 0 and app["votes_double_counted"] == 0)
    return 0 if ok else 1
