"""Extension objects, created unbound and bound in `create_app` with `init_app`."""

from flask_babel import Babel
from flask_htmx import HTMX
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

socketio = SocketIO()
htmx = HTMX()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
