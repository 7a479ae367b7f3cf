"""One burst against one stack: phones join and connect, the vote opens, every phone votes.

The same code drives the bare stack and the app (bench/targets.py), so their figures
compare. Every wait is bounded by the run's global deadline.
"""

import asyncio
import logging
import os
import random
import time
from collections import Counter
from dataclasses import dataclass

import aiohttp
import psutil

from bench.browser import Browser
from bench.clock import Deadline, LoopLag
from bench.page import Intent, PagePhone
from bench.stats import summary
from bench.targets import Recount, Target


@dataclass
class Phone:
    index: int
    browser: Browser
    intents: list[Intent]
    rng: random.Random
    connect_ms: float | None = None
    error: str | None = None
    ballot_at: float | None = None
    page: PagePhone | None = None


@dataclass
class Options:
    phones: int = 2000
    dots: int = 3
    window: float = 10.0
    candidates: int = 8
    ramp_rate: float = 150.0  # phones starting to join per second
    ramp_concurrency: int = 64  # joins in flight at once
    replay_fraction: float = 0.05  # acked dots sent again with the same key
    settle: float = 15.0  # how long the projector may take to show the final tally
    connect_timeout: float = 600.0  # phones not connected by then are given up
    vote_grace: float = 120.0  # after the window: how long late ballots and retries may take
    seed: int = 7
    request_timeout: float = 30.0
    stacking: bool = False  # dots may pile up on one orientation (budget and cap `budget`)
    budget: int | None = None  # dots per phone on the ballot (default: `dots`)
    phone_connections: int = 6  # keep-alive connections a phone's browser may open
    phone_keepalive: float = 115.0  # s a phone's browser keeps an idle connection open
    join_only: bool = False  # measure the joins, then stop (python -m bench join)

    @property
    def ballot_budget(self) -> int:
        return self.budget or self.dots

    @property
    def per_candidate(self) -> int:
        return self.ballot_budget if self.stacking else 1


class Sampler:
    """Samples the servers' CPU and memory every `period` seconds (for peaks and a timeline)."""

    def __init__(self, target: Target, period: float = 0.5):
        self.target, self.period, self.timeline = target, period, []
        self._task = None

    def read(self) -> dict:
        return {
            "cpu_s": sum(s.cpu_seconds() for s in self.target.servers),
            "rss_kb": sum(s.rss_kb() for s in self.target.servers),
        }

    async def _run(self, started: float):
        while True:
            self.timeline.append({"t": round(time.monotonic() - started, 2), **self.read()})
            await asyncio.sleep(self.period)

    def start(self):
        self._task = asyncio.get_running_loop().create_task(self._run(time.monotonic()))

    async def stop(self):
        self._task.cancel()
        try:
            await self._task
        except asyncio.CancelledError:
            pass

    def peak_rss_kb(self, since_t: float = 0.0) -> int:
        return max((p["rss_kb"] for p in self.timeline if p["t"] >= since_t), default=0)


async def _bounded(coro, deadline: Deadline, cap: float, what: str):
    timeout = deadline.left(cap)
    if timeout <= 0:
        coro.close()
        raise TimeoutError(f"no time left for {what}")
    return await asyncio.wait_for(coro, timeout)


# ---- phase 1: join and connect, ramped -----------------------------------------------


async def _join_and_connect(target: Target, phone: Phone, opts: Options, deadline: Deadline):
    started = time.perf_counter()
    try:
        await _bounded(target.join(phone.browser, phone.index), deadline, 60, "a join")
        await _bounded(
            phone.browser.connect(target.phone_auth(), opts.request_timeout),
            deadline,
            60,
            "a socket connection",
        )
        await _bounded(target.after_connect(phone.browser, 30), deadline, 30, "the first push")
        phone.connect_ms = (time.perf_counter() - started) * 1000
    except Exception as error:  # noqa: BLE001 - every failure is counted and reported
        phone.error = f"{error.__class__.__name__}: {error}"[:200]


async def connect_phones(target, phones, opts, deadline) -> float:
    """Start phones at `ramp_rate` per second, at most `ramp_concurrency` at once.

    Phones still joining after `connect_timeout` seconds are given up (and reported).
    """
    gate = asyncio.Semaphore(opts.ramp_concurrency)
    started = time.monotonic()
    phase = Deadline(min(opts.connect_timeout, deadline.left()))

    async def one(phone):
        async with gate:
            await _join_and_connect(target, phone, opts, phase)

    tasks = []
    for i, phone in enumerate(phones):
        delay = started + i / opts.ramp_rate - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if phase.passed():
            break
        tasks.append(asyncio.create_task(one(phone)))
    if tasks:
        _done, pending = await asyncio.wait(tasks, timeout=phase.left())
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    for phone in phones:
        if phone.connect_ms is None and phone.error is None:
            phone.error = f"not connected within the {opts.connect_timeout:.0f} s connect timeout"
    return time.monotonic() - started


# ---- phase 2: the vote ----------------------------------------------------------------


async def wait_ballot(target: Target, phone: Phone, since: float, deadline: Deadline):
    """Wait for the push that shows this phone the ballot (the vote is open)."""
    browser, seen = phone.browser, 0
    while not deadline.passed():
        browser.push_event.clear()
        while seen < len(browser.pushes):
            push = browser.pushes[seen]
            seen += 1
            ballot = target.ballot(push.html) if push.at >= since else None
            if ballot is not None:
                ballot = await _bounded(
                    target.load_ballot(browser, ballot), deadline, 60, "loading the ballot"
                )
            if ballot is not None:
                phone.ballot_at = time.monotonic()
                return ballot
        if seen == len(browser.pushes):
            try:
                await asyncio.wait_for(browser.push_event.wait(), deadline.left(1.0))
            except TimeoutError:
                pass
    return None


async def vote(target, phone: Phone, t_open, opts, deadline):
    try:
        ballot = await wait_ballot(target, phone, t_open, deadline)
        if ballot is None:
            phone.error = phone.error or "never saw the ballot"
            return
        phone.page = PagePhone(target, phone.browser, ballot, phone.rng, deadline, opts.stacking)
        await phone.page.play(phone.intents, t_open)
    except Exception as error:  # noqa: BLE001 - counted and reported, never hidden
        phone.error = f"{error.__class__.__name__}: {error}"[:200]


# ---- after the burst: the truth and the projector -----------------------------------------


def _nonzero(tally: dict) -> dict:
    return {str(k): v for k, v in tally.items() if v}


def converged_at(target: Target, browser: Browser | None, final: dict, tally=None):
    """When `browser` began showing `final` for good (monotonic), or None if it never did."""
    if browser is None:
        return None
    tally = tally or target.tally
    shown, since = None, None
    for push in browser.pushes:
        parsed = tally(push.html)
        if parsed is None:
            continue
        parsed = _nonzero(parsed)
        if parsed != shown:
            shown, since = parsed, push.at
    return since if shown == final else None


async def wait_converged(target: Target, final: dict, settle: float, deadline: Deadline):
    """Wait until the projector shows `final` or `settle` seconds pass."""
    until = time.monotonic() + deadline.left(settle)
    while time.monotonic() < until:
        at = converged_at(target, target.projector, final)
        if at is not None:
            return at
        await asyncio.sleep(0.05)
    return converged_at(target, target.projector, final)


def _busy(before, after) -> list[float]:
    """Busy % of each core between two psutil.cpu_times(percpu=True) readings."""
    out = []
    for a, b in zip(before, after, strict=True):
        total = sum(b) - sum(a)
        idle = (b.idle + getattr(b, "iowait", 0)) - (a.idle + getattr(a, "iowait", 0))
        out.append(round(100 * (total - idle) / total, 1) if total > 0 else 0.0)
    return out


def integrity(phones: list[Phone], recount: Recount) -> dict:
    """Compare the acknowledged dots with the stored ones: lost, double-counted, extra."""
    acked, attempted = Counter(), Counter()
    for phone in phones:
        for i in phone.intents:
            if i.candidate is None or i.sent_at is None:
                continue
            key = (phone.index, i.candidate) if recount.by_phone is not None else i.candidate
            attempted[key] += 1
            acked[key] += 1 if i.acked_at else 0
    if recount.by_phone is not None:
        stored = Counter(
            {(p, c): n for p, counts in recount.by_phone.items() for c, n in counts.items()}
        )
    else:
        stored = Counter({str(c): n for c, n in recount.totals.items()})
    keys = set(acked) | set(stored) | set(attempted)
    return {
        "votes_lost": sum(max(0, acked[k] - stored[k]) for k in keys),
        "votes_double_counted": sum(max(0, stored[k] - attempted[k]) for k in keys),
        "votes_stored_unacked": sum(max(0, min(stored[k], attempted[k]) - acked[k]) for k in keys),
        "votes_stored": sum(stored.values()),
        "phones_with_stacked_dots": (
            sum(1 for c in recount.by_phone.values() if any(n > 1 for n in c.values()))
            if recount.by_phone is not None
            else None
        ),
        "compared_per": "phone and candidate" if recount.by_phone is not None else "candidate",
    }


# ---- the whole measurement of one stack --------------------------------------------------


def make_phones(target: Target, opts: Options) -> list[Phone]:
    """Phones, each a browser of its own (its own pool of connections and cookies)."""
    phones = []
    for index in range(opts.phones):
        rng = random.Random(opts.seed * 1_000_003 + index)
        offsets = sorted(rng.uniform(0, opts.window) for _ in range(opts.dots))
        base = target.server_for_phone(index).base
        browser = Browser(
            None, base, opts.request_timeout, opts.phone_connections, opts.phone_keepalive
        )
        intents = [Intent(o, lose_answer=rng.random() < opts.replay_fraction) for o in offsets]
        phones.append(Phone(index, browser, intents, rng))
    return phones


class Window:
    """CPU of the servers, of the generator and of the whole machine over one phase."""

    def __init__(self, target: Target, sampler: Sampler):
        self.target, self.sampler, self.me = target, sampler, psutil.Process()
        self.at = time.monotonic()
        self.cpu = sampler.read()["cpu_s"]
        self.gen = sum(self.me.cpu_times()[:2])
        self.machine = psutil.cpu_times(percpu=True)
        self.per_server = [s.cpu_seconds() for s in target.servers]
        self.load = os.getloadavg()

    def close(self, until: float | None = None) -> dict:
        seconds = max((until or time.monotonic()) - self.at, 1e-3)
        server = self.sampler.read()["cpu_s"] - self.cpu
        gen = sum(self.me.cpu_times()[:2]) - self.gen
        machine = _busy(self.machine, psutil.cpu_times(percpu=True))
        other = round(sum(machine) - (server + gen) * 100 / seconds, 1)
        return {
            "seconds": round(seconds, 2),
            "server_cpu_s": round(server, 3),
            "server_cpu_pct_of_core": round(server * 100 / seconds, 1),
            "generator_cpu_pct": round(gen * 100 / seconds, 1),
            "machine_busy_pct_per_core": machine,
            "other_processes_cpu_pct": other,
            "noisy": other > NOISY_PCT,
            "loadavg_before": [round(x, 2) for x in self.load],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "per_server_cpu_s": [
                round(s.cpu_seconds() - c, 3)
                for s, c in zip(self.target.servers, self.per_server, strict=True)
            ],
        }


NOISY_PCT = 10.0  # other processes above 10 % of a core: the run is marked noisy


def join_figures(phones, connected, connect_s, join, baseline, after_connect) -> dict:
    browsers = [p.browser for p in connected]
    return {
        "phones": len(phones),
        "phones_connected": len(connected),
        "phones_failed": [p.error for p in phones if p.error][:10],
        "phones_failed_count": sum(1 for p in phones if p.error),
        "connect_s": round(connect_s, 2),
        "joins_per_s": round(len(connected) / max(connect_s, 1e-3), 1),
        "connect_ms": summary([p.connect_ms for p in connected]),
        "http_requests_per_join": round(
            sum(b.http_requests for b in browsers) / max(1, len(browsers)), 1
        ),
        "sockets_upgraded_from_polling": sum(1 for b in browsers if b.upgraded),
        "asset_requests_per_join": round(
            sum(b.asset_requests for b in browsers) / max(1, len(browsers)), 1
        ),
        "server_cpu_s_connect": join["server_cpu_s"],
        "server_cpu_ms_per_join": round(join["server_cpu_s"] * 1000 / max(1, len(connected)), 2),
        "join_window": join,
        "rss_kb_baseline": baseline["rss_kb"],
        "rss_kb_connected": after_connect["rss_kb"],
        "rss_kb_per_phone_connected": round(
            (after_connect["rss_kb"] - baseline["rss_kb"]) / max(1, len(connected)), 1
        ),
    }


def tap_figures(connected, intents, acked, cpu_s) -> dict:
    """Taps as the people made them: sent, queued, retried, acknowledged, and their cost."""
    clean = [i for i in acked if not i.lose_answer]
    requests = sum(i.attempts for i in intents)
    lost_answer = [i for i in intents if i.lose_answer and i.attempts >= 2]
    pages = [p.page for p in connected if p.page is not None]
    return {
        "votes_intended": len(intents),
        "votes_tapped": sum(1 for i in intents if i.tapped_at and not i.skipped),
        "votes_sent": sum(1 for i in intents if i.sent_at),
        "votes_acked": len(acked),
        "votes_failed": sum(1 for i in intents if i.sent_at and not i.acked_at and not i.refused),
        "votes_refused": sum(1 for i in intents if i.refused),
        "taps_queued": sum(1 for i in intents if i.queued),
        "taps_dropped_button_disabled": sum(1 for i in intents if i.dropped),
        "taps_skipped_no_button": sum(1 for i in intents if i.skipped),
        "taps_in_flight_per_phone_max": max((p.max_in_flight for p in pages), default=0),
        "vote_errors": dict(Counter(e for i in intents for e in i.errors).most_common(8)),
        "vote_retries": sum(max(0, i.attempts - 1) for i in intents),
        "replays_sent": len(lost_answer),
        "replays_answered_2xx": sum(
            1 for i in lost_answer if i.replay_status and 200 <= i.replay_status < 300
        ),
        # The headline: from the person's tap to the answer, taps whose answer was not
        # dropped on purpose (those wait a second more by the page's rule; reported apart).
        "ack_ms": summary([i.ack_ms for i in clean]),
        "ack_ms_lost_answer": summary([i.ack_ms for i in acked if i.lose_answer]),
        "tap_requests": requests,
        "tap_requests_per_acked_dot": round(requests / max(1, len(acked)), 3),
        "server_cpu_ms_per_acked_dot": round(cpu_s * 1000 / max(1, len(acked)), 3),
        "server_cpu_ms_per_vote": round(cpu_s * 1000 / max(1, len(acked)), 3),  # same, old name
        "server_cpu_ms_per_tap_request": round(cpu_s * 1000 / max(1, requests), 3),
    }


async def measure(target: Target, opts: Options, deadline: Deadline, log) -> dict:
    """Run one burst (or only the joins) against a started stack and return its figures."""
    for name in ("engineio.client", "socketio.client"):  # refusals are counted, not printed
        logging.getLogger(name).setLevel(logging.CRITICAL)
    connector = aiohttp.TCPConnector(limit=0, enable_cleanup_closed=True)  # projector, console
    unhandled = Counter()  # e.g. socket reconnections that gave up: counted, not printed

    def on_unhandled(_loop, context):
        error = context.get("exception")
        unhandled[error.__class__.__name__ if error else context.get("message", "?")[:60]] += 1

    asyncio.get_running_loop().set_exception_handler(on_unhandled)
    sampler = Sampler(target)
    phones: list[Phone] = []
    try:
        await _bounded(target.prepare(connector, opts.request_timeout), deadline, 120, "setup")
        sampler.start()
        await asyncio.sleep(1.0)
        baseline = sampler.read()
        log(f"[{target.name}] set up; rss {baseline['rss_kb'] // 1024} MB; connecting phones")
        phones = make_phones(target, opts)
        recording = None
        if opts.join_only and getattr(target, "profile_path", None):
            from bench.profile import Recording

            seconds = opts.phones / opts.ramp_rate + 5
            recording = Recording(target.profile_path, target.servers[0].pid, seconds)
        joining = Window(target, sampler)
        connect_s = await connect_phones(target, phones, opts, deadline)
        join = joining.close()
        if recording is not None:
            target.profile_summary = await asyncio.to_thread(recording.finish)
        connected = [p for p in phones if p.connect_ms is not None]
        await asyncio.sleep(2.0)  # let the join pushes settle before measuring memory
        after_connect = sampler.read()
        log(
            f"[{target.name}] {len(connected)}/{len(phones)} phones connected in {connect_s:.1f}s;"
            f" rss {after_connect['rss_kb'] // 1024} MB"
        )
        figures = join_figures(phones, connected, connect_s, join, baseline, after_connect)
        figures["server_connections_per_phone"] = round(
            sum(s.connections() for s in target.servers) / max(1, len(connected)), 2
        )
        if opts.join_only:
            figures["socket_disconnects"] = sum(p.browser.disconnects for p in phones)
            figures["generator_unhandled"] = dict(unhandled)
            return figures

        lag = LoopLag()
        lag.start()
        burst = Window(target, sampler)
        recording = None
        if getattr(target, "profile_path", None):
            from bench.profile import Recording

            recording = Recording(target.profile_path, target.servers[0].pid, opts.window + 5)
        t_open = time.monotonic()
        await _bounded(target.open_vote(), deadline, 30, "opening the vote")
        phase = Deadline(deadline.left(opts.window + opts.vote_grace))
        voting = [asyncio.create_task(vote(target, p, t_open, opts, phase)) for p in connected]
        if voting:
            _done, pending = await asyncio.wait(voting, timeout=phase.left() + 15)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        intents = [i for p in connected for i in p.intents]
        acked = [i for i in intents if i.acked_at]
        t_last_ack = max((i.acked_at for i in acked), default=time.monotonic())
        recount = await _bounded(target.recount(), deadline, 60, "the recount")
        final = _nonzero(recount.totals)
        shown_at = await wait_converged(target, final, opts.settle, deadline)
        t_end = max(time.monotonic() if shown_at is None else shown_at, t_last_ack)
        window = burst.close(t_end)
        lags = await lag.stop()
        peak = sampler.peak_rss_kb()
        log(
            f"[{target.name}] {len(acked)}/{len(intents)} dots acked; projector "
            f"{'converged' if shown_at else 'did NOT converge'}; "
            f"other load {window['other_processes_cpu_pct']} % of a core"
        )
        burst_s = t_end - t_open
        cpu_s = window["server_cpu_s"]
        if recording is not None:
            target.profile_summary = await asyncio.to_thread(recording.finish)
        console_at = (
            converged_at(target, target.console, final, target.console_tally)
            if getattr(target, "console_tally", None)
            else None
        )
        figures |= {
            "phones_failed": [p.error for p in phones if p.error][:10],
            "phones_failed_count": sum(1 for p in phones if p.error),
            "socket_disconnects": sum(p.browser.disconnects for p in phones),
            "socket_disconnects_burst": sum(
                1 for p in phones for t in p.browser.disconnected_at if t >= t_open
            ),
            "ballot_seen_ms": summary(
                [(p.ballot_at - t_open) * 1000 for p in connected if p.ballot_at]
            ),
            **tap_figures(connected, intents, acked, cpu_s),
            **integrity(connected, recount),
            "burst_s": round(burst_s, 2),
            "last_ack_s": round(t_last_ack - t_open, 2),
            "projector_converged": shown_at is not None,
            "projector_disconnects": target.projector.disconnects if target.projector else None,
            "projector_reconnects": target.projector.reconnects if target.projector else None,
            "projector_final_after_last_ack_ms": (
                None if shown_at is None else round(max(0.0, shown_at - t_last_ack) * 1000, 1)
            ),
            "console_final_after_last_ack_ms": (
                None if console_at is None else round(max(0.0, console_at - t_last_ack) * 1000, 1)
            ),
            "pushes_per_phone_max": max(
                (p.browser.pushes_between(t_open, t_end) for p in connected), default=0
            ),
            "pushes_per_phone_mean": round(
                sum(p.browser.pushes_between(t_open, t_end) for p in connected)
                / max(1, len(connected)),
                2,
            ),
            "pushes_per_projector": (
                target.projector.pushes_between(t_open, t_end) if target.projector else None
            ),
            "pushes_per_console": (
                target.console.pushes_between(t_open, t_end) if target.console else None
            ),
            "server_cpu_s_burst": round(cpu_s, 3),
            "server_cpu_pct_of_core_burst": window["server_cpu_pct_of_core"],
            "rss_kb_peak": peak,
            "rss_kb_per_phone": round((peak - baseline["rss_kb"]) / max(1, len(connected)), 1),
            "generator_cpu_pct_burst": window["generator_cpu_pct"],
            "machine_busy_pct_per_core_burst": window["machine_busy_pct_per_core"],
            "other_processes_cpu_pct_burst": window["other_processes_cpu_pct"],
            "noisy": window["noisy"] or join["noisy"],
            "loadavg": window["loadavg_after"],
            "burst_window": window,
            "generator_loop_lag_ms": summary(lags),
            "per_server": [
                {
                    "name": s.name,
                    "port": s.port,
                    "cores": sorted(s.cpus),
                    "cpu_s_burst": c,
                    "rss_kb": s.rss_kb(),
                    "votes_acked": sum(
                        1
                        for p in connected
                        if target.server_for_phone(p.index) is s
                        for i in p.intents
                        if i.acked_at
                    ),
                }
                for s, c in zip(target.servers, window["per_server_cpu_s"], strict=True)
            ],
            "generator_unhandled": dict(unhandled),
            "final_tally": dict(sorted(final.items(), key=lambda kv: -kv[1])),
            "timeline": sampler.timeline[:: max(1, len(sampler.timeline) // 600)],
        }
        return figures
    finally:
        await sampler.stop() if sampler._task else None
        await asyncio.wait(
            [asyncio.create_task(p.browser.close()) for p in phones]
            or [asyncio.create_task(asyncio.sleep(0))],
            timeout=30,
        )
        await target.close()
        await connector.close()
