"""Live participatory futures workshops: projector, phones, live votes and finished minutes."""

import logging
import os
import secrets
from pathlib import Path

from flask import Flask, g
from werkzeug.middleware.proxy_fix import ProxyFix

from workshop import db
from workshop.config import Config
from workshop.extensions import babel, csrf, htmx, limiter, socketio


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, then the live broadcaster."""
    # The factory wires every layer, so it alone imports them (here, not at module level:
    # importing any one layer never drags the whole app in).
    from workshop import live
    from workshop.services import speed, voting
    from workshop.web import errors, freshness, guesses, security, templating

    overrides = overrides or {}
    app = Flask(
        __name__,
        template_folder="../templates",
        static_folder="../static",
        instance_relative_config=True,
        instance_path=overrides.get("INSTANCE_PATH") or os.environ.get("WORKSHOP_INSTANCE_PATH"),
    )
    app.config.from_object(Config)
    app.config.from_prefixed_env("WORKSHOP")
    app.config.update(overrides)
    _ensure_secret_key(app)
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if not app.config.get("ACCESS_LOG"):
        # One line per request costs a voting burst dearly; the reverse proxy logs them.
        logging.getLogger("geventwebsocket.handler").setLevel(logging.WARNING)

    if app.config.get("TRUST_PROXY"):
        # Behind one reverse proxy: client addresses (rate limits) and https come from it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)
    db.init_app(app)
    if app.config["RUN_MIGRATIONS"]:
        db.upgrade(app)
    _init_extensions(app)
    _register_blueprints(app)
    freshness.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    guesses.init_app(app)  # after security: its 429 answers get the headers too

    templating.init_app(app)
    voting.init_app(app)
    speed.init_app(app)
    live.init_app(app)
    return app


def _ensure_secret_key(app: Flask) -> None:
    """Keep one random key per instance, so cookies survive a restart of the laptop."""
    if app.config.get("SECRET_KEY"):
        return
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    app.config["SECRET_KEY"] = path.read_text().strip()


def _select_locale() -> str:
    from workshop.web.access import browser_locale

    return g.get("locale") or browser_locale()


def _async_mode() -> str:
    """Use gevent when the process was monkey-patched for it (run.py), else threads (tests)."""
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover
        return "threading"
    return "gevent" if monkey.is_module_patched("socket") else "threading"


def _init_extensions(app: Flask) -> None:
    from workshop import live
    from workshop.web import floods

    babel.init_app(app, locale_selector=_select_locale)
    csrf.init_app(app)
    htmx.init_app(app)
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    floods.share_redis_pool(app)
    limiter.init_app(app)
    floods.init_app(app)
    socketio.init_app(
        app,
        message_queue=redis_url or None,
        # Always given (None without Redis): the options persist between apps of a process.
        client_manager=live.message_queue(app),
        async_mode=app.config.get("ASYNC_MODE") or _async_mode(),
        cors_allowed_origins=app.config.get("SOCKETIO_ALLOWED_ORIGINS"),
        max_http_buffer_size=64 * 1024,
        ping_interval=10,
        ping_timeout=20,
        # A socket's events run in its own reader, one after another, instead of a new
        # greenlet each: a phone sends one tap at a time, and spawning cost a sixth of the
        # server's time in a voting burst (bench/README.md). A tap waits at most
        # VOTE_QUEUE_SECONDS at the gate, well inside ping_interval + ping_timeout.
        async_handlers=bool(app.config["SOCKETIO_ASYNC_HANDLERS"]),
    )


def _register_blueprints(app: Flask) -> None:
    # `ballots` and `speed_phone` add the phones' vote and speed-meeting routes to
    # participate.bp: imported before it registers.
    from workshop.views import (  # noqa: F401
        ballots,
        boards,
        facilitate,
        groups,
        health,
        home,
        participate,
        screen,
        speed,
        speed_phone,
        votes,
    )

    for module in (home, facilitate, screen, participate, boards, groups, health, votes, speed):
        app.register_blueprint(module.bp)

    from workshop.views import exports, plans

    for module in (exports, plans):  # the minutes, downloads and workshop plans
        app.register_blueprint(module.bp)
