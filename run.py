"""Serve the app: `python run.py [--host H] [--port P] [--demo]`.

Gevent with WebSocket support, SQLite in the instance folder (migrations applied at
start); prints the address phones on the same network should open.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import gc  # noqa: E402

from workshop import create_app  # noqa: E402
from workshop.extensions import socketio  # noqa: E402
from workshop.netaddr import lan_address  # noqa: E402


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Serve the live workshop app.")
    parser.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all)")
    parser.add_argument("--port", type=int, default=5000, help="port (default: 5000)")
    parser.add_argument("--demo", action="store_true", help="create a sample workshop in French")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    overrides = {"PORT": args.port}
    app = create_app(overrides)
    if not app.config.get("PUBLIC_BASE_URL"):
        host = args.host if args.host not in ("0.0.0.0", "::", "") else lan_address()
        app.config["PUBLIC_BASE_URL"] = f"http://{host}:{args.port}"
    base = app.config["PUBLIC_BASE_URL"]
    print(f"Workshop app ready. Phones on the same network open: {base}", flush=True)
    print(f"Facilitators create a workshop at: {base}/new", flush=True)
    if args.demo:
        from workshop.demo import create_demo

        with app.app_context():
            for line in create_demo(base):
                print(line, flush=True)
    # Full collections of a large heap stall every connection at once: freeze what
    # start-up allocated so the collector skips it.
    gc.collect()
    gc.freeze()
    socketio.run(app, host=args.host, port=args.port, log_output=False)


if __name__ == "__main__":
    main()
