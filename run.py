"""Serve the app: `python run.py [--host H] [--port P] [--demo]`.

Gevent with WebSocket support and time limits on slow clients, SQLite in the instance
folder (migrations applied at start); prints the address phones on the same network should open.
"""

if __name__ == "__main__":  # served: patch first; imported (by the tests): stay unpatched
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402
import logging  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

from workshop import create_app  # noqa: E402
from workshop.netaddr import is_loopback, lan_address  # noqa: E402
from workshop.serving import make_server  # noqa: E402

ALL_INTERFACES = ("0.0.0.0", "::", "")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Serve the live workshop app.")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    parser.add_argument("--demo", action="store_true", help="create a sample workshop in French")
    return parser.parse_args(argv)


def base_url(host: str, port: int, lan: str | None = None) -> str:
    """The address phones open: the listening host, or this machine's LAN address."""
    if host in ALL_INTERFACES:
        host = lan if lan is not None else lan_address()
    return f"http://{host}:{port}"


def startup_lines(base: str, *, configured: bool = False) -> list[str]:
    """What the facilitator reads at start; a warning when phones could not reach `base`."""
    lines = [
        f"Workshop app ready. Phones on the same network open: {base}",
        f"Facilitators create a workshop at: {base}/new",
    ]
    if not configured and is_loopback(urlsplit(base).hostname or ""):
        lines += [
            f"WARNING: {base} only works on this computer: phones cannot open it.",
            "  Connect this computer to the venue's wifi or a phone hotspot and restart,",
            "  or give the address phones should use: --host <this computer's address>",
            "  or PUBLIC_BASE_URL=http://<address>:<port> (e.g. behind a proxy).",
        ]
    return lines


@contextmanager
def quiet_services():
    """The demo's hundred "card added" lines would bury the links the facilitator needs."""
    services = logging.getLogger("workshop.services")
    level = services.level
    services.setLevel(logging.WARNING)
    try:
        yield
    finally:
        services.setLevel(level)


def main(argv=None):
    args = parse_args(argv)
    overrides = {"PORT": args.port}
    app = create_app(overrides)
    configured = bool(app.config.get("PUBLIC_BASE_URL"))
    if not configured:
        app.config["PUBLIC_BASE_URL"] = base_url(args.host, args.port)
    base = app.config["PUBLIC_BASE_URL"]
    for line in startup_lines(base, configured=configured):
        print(line, flush=True)
    if args.demo:
        from workshop.demo import create_demo

        with app.app_context(), quiet_services():
            for line in create_demo(base):
                print(line, flush=True)
    # Full collections of a large heap stall every connection at once: freeze what
    # start-up allocated so the collector skips it.
    gc.collect()
    gc.freeze()
    # gevent's server with WebSocket, as socketio.run would start it, plus time limits on
    # idle connections, request headers and bodies (workshop/serving.py).
    make_server(app, args.host, args.port, app.config).serve_forever()


if __name__ == "__main__":
    main()
