"""Configuration: safe defaults for a laptop, overridden from the environment."""

import os


class Config:
    """Defaults; `create_app` layers `WORKSHOP_*` variables, then test overrides, on top."""

    SECRET_KEY = None  # generated once into the instance folder when not given
    DATABASE_URL = os.environ.get("DATABASE_URL")  # None: SQLite in the instance folder
    REDIS_URL = os.environ.get("REDIS_URL")  # None: single process, no message queue
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL")  # what phones open; never the Host header
    INSTANCE_PASSWORD = os.environ.get("WORKSHOP_PASSWORD")  # asked when creating a workshop
    PORT = 5000

    SESSION_COOKIE_NAME = "ws_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # true behind HTTPS: see docs/deployment.md
    TRUST_PROXY = False  # true behind one reverse proxy that sets X-Forwarded-For/-Proto
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 30
    # The cookie is re-signed only when it changes: a tap costs no new Set-Cookie.
    SESSION_REFRESH_EACH_REQUEST = False
    # A workshop lasts hours and phones sleep: the CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    WTF_CSRF_SSL_STRICT = False
    MAX_CONTENT_LENGTH = 512 * 1024

    BABEL_DEFAULT_LOCALE = "fr"
    LANGUAGES = ("fr", "en")

    JOIN_RATE_LIMIT = "10 per minute"  # wrong join codes per browser
    JOIN_ADDRESS_RATE_LIMIT = "60 per minute"  # per network address: a venue NAT is many phones
    PARTICIPANT_RATE_LIMIT = "120 per minute"
    # New participants joining (successful joins): per network address, generous for a
    # venue's NAT where a whole room shares one address, and per workshop, whatever the
    # addresses. Beyond, a join answers 429 "wait a minute"; people already in never are.
    JOINS_PER_ADDRESS_LIMIT = "50 per minute"
    JOINS_PER_WORKSHOP_LIMIT = "300 per minute"
    # Limit headers on every answer cost each tap of a burst; a refusal says when to retry.
    RATELIMIT_HEADERS_ENABLED = False
    # A limit store out of reach (Redis down) lets requests through rather than fail them.
    RATELIMIT_SWALLOW_ERRORS = True
    # Redis connections the rate limits of one process may hold; more requests wait
    # REDIS_WAIT_SECONDS for one, then pass unlimited.
    REDIS_MAX_CONNECTIONS = 50
    REDIS_WAIT_SECONDS = 1.0
    # Seconds during which changes to a live region are gathered into one push.
    LIVE_COALESCE_SECONDS = 0.2
    SQLITE_BUSY_TIMEOUT_MS = 5000
    # The longest a process shows a vote's candidates and state without re-reading them
    # (its own changes are seen at once; another worker's within this time).
    VOTE_SNAPSHOT_SECONDS = 1.0
    # The same for the participant a phone's cookie names (read once per burst).
    VOTER_SECONDS = 10.0
    # Vote requests served at once, once their phone is known and their body has arrived;
    # the others queue in order, one place per phone (workshop/web/floods.py),
    # and one queued longer than VOTE_QUEUE_SECONDS is answered 503 (the phone retries
    # with the same key before its own 10 s timeout). 0 turns the gate off.
    VOTE_CONCURRENCY = 4
    VOTE_QUEUE_SECONDS = 8.0
    # A socket's events one after another in its reader (true: a greenlet per event).
    SOCKETIO_ASYNC_HANDLERS = False
    # The built-in server's time limits (workshop/serving.py): an idle connection between
    # two requests, a request's line and headers, its body. A vote is a few hundred bytes;
    # a plan or a sign-in sheet (MAX_CONTENT_LENGTH at most) has time on a slow wifi.
    KEEPALIVE_SECONDS = 20.0
    REQUEST_HEADER_SECONDS = 10.0
    REQUEST_BODY_SECONDS = 30.0
    RUN_MIGRATIONS = True
    ACCESS_LOG = False  # a line per HTTP request on the console (WORKSHOP_ACCESS_LOG=true)
