"""py-spy during the burst: a flame graph, and a text summary of where server time goes.

`py-spy record --format raw` writes collapsed stacks ("frame;frame;... count"); the
summary adds them up by function (self and inclusive) and by the app's own entry
points, so a reader sees e.g. "38% rendering the ranking, 20% SQLite commits".
"""

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.+?) \((?P<file>[^:()]+)(?::(?P<line>\d+))?\)$")

# Stacks without app code are filed under the first of these found in them.
TRANSPORT = [
    (
        "Socket.IO / Engine.IO (no app code)",
        (
            "socketio/",
            "engineio/socket",
            "engineio/server",
            "engineio/async_drivers",
            "geventwebsocket/",
        ),
    ),
    ("HTTP server, Flask and extensions (no app code)", ("gevent/pywsgi", "flask/", "werkzeug/")),
    ("gevent hub (idle loop, timers, I/O)", ("gevent/",)),
]


def py_spy() -> str | None:
    found = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    return found if Path(found).exists() else None


def start(pid: int, out: Path, seconds: float, fmt: str, rate: int = 100):
    """Start py-spy on `pid` for `seconds` (format `raw` or `flamegraph`); None without it."""
    exe = py_spy()
    if exe is None:
        return None
    argv = [
        exe,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(seconds) + 1),
        "--rate",
        str(rate),
        "--format",
        fmt,
        "--output",
        str(out),
        "--nonblocking",
    ]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Recording:
    """A flame graph (SVG) and raw stacks of one server process during the burst."""

    def __init__(self, svg: Path, pid: int, seconds: float):
        self.svg, self.raw = svg, svg.with_suffix(".raw.txt")
        self.summary_path = svg.with_suffix(".txt")
        self.procs = [
            p
            for p in (
                start(pid, self.svg, seconds, "flamegraph"),
                start(pid, self.raw, seconds, "raw"),
            )
            if p
        ]

    def finish(self, timeout: float = 60) -> dict | None:
        for proc in self.procs:
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not self.raw.exists():
            return None
        summary = summarise(self.raw)
        self.summary_path.write_text(text(summary) + "\n")
        return summary


def _frames(stack: str) -> list[tuple[str, str]]:
    """(function, file:line) of each frame, outermost first."""
    out = []
    for frame in stack.split(";"):
        m = FRAME.match(frame.strip())
        out.append((m["func"], f"{m['file']}:{m['line'] or ''}") if m else (frame, ""))
    return out


def _bucket(frames: list[tuple[str, str]]) -> str:
    """The app's outermost function in the stack (a view, the broadcaster...), else transport."""
    for func, where in frames:
        if where.startswith("workshop/"):
            return f"{func} ({where.split(':')[0]})"
    for label, patterns in TRANSPORT:
        if any(p in where for _f, where in frames for p in patterns):
            return label
    return "other"


def summarise(raw: Path, top: int = 25) -> dict:
    """Where the samples went: by bucket, by function (self), by app function (inclusive)."""
    buckets, own, inclusive, total = Counter(), Counter(), Counter(), 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n, frames = int(count), _frames(stack)
        total += n
        buckets[_bucket(frames)] += n
        if frames:
            func, where = frames[-1]
            own[f"{func} ({where.split(':')[0]})"] += n
        seen = set()
        for func, where in frames:
            name = f"{func} ({where.split(':')[0]})"
            if name not in seen and (
                "workshop/" in where
                or "jinja2/" in where
                or "sqlalchemy/" in where
                or "socketio/" in where
            ):
                inclusive[name] += n
                seen.add(name)

    def pct(counter: Counter, k: int) -> list[tuple[str, float]]:
        return [(name, round(100 * n / max(total, 1), 1)) for name, n in counter.most_common(k)]

    return {
        "samples": total,
        "by_bucket_pct": pct(buckets, 15),
        "self_pct": pct(own, top),
        "inclusive_pct": pct(inclusive, top),
    }


def text(summary: dict) -> str:
    lines = [
        f"py-spy samples: {summary['samples']}",
        "",
        "where server time goes (% of samples, by the app's outermost function):",
    ]
    lines += [f"  {p:5.1f}%  {name}" for name, p in summary["by_bucket_pct"]]
    lines += ["", "inclusive, app/jinja2/sqlalchemy/socketio functions:"]
    lines += [f"  {p:5.1f}%  {name}" for name, p in summary["inclusive_pct"]]
    lines += ["", "self time, hottest functions:"]
    lines += [f"  {p:5.1f}%  {name}" for name, p in summary["self_pct"]]
    return "\n".join(lines)
