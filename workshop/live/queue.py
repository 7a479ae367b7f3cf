"""The message queue between processes: back as soon as Redis is, and able to close rooms.

python-socketio's Redis listener, after losing Redis, tries again 1, 2, 4... up to 60 s
apart; a push published before it subscribes again is lost for its sockets, and a
catch-up sent before that moment leaves them stale. This listener tries again every
QUEUE_RETRY_SECONDS and, once Redis has confirmed the subscription (from then on every
publish reaches it), calls `on_resume`: the process then sends each room it holds its
whole state. Re-subscribing first, then catching up, leaves no gap.

It also carries one message python-socketio lacks: close every socket of a room, in
every process (a revoked grant, a participant taken off the roster).
"""

import logging
import time
from collections.abc import Callable

import socketio as socketio_lib

logger = logging.getLogger(__name__)
CHANNEL = "flask-socketio"  # Flask-SocketIO's default: processes of older builds agree


class ResumingRedisManager(socketio_lib.RedisManager):
    def __init__(self, url: str, retry_seconds: float = 0.5):
        super().__init__(url, channel=CHANNEL)
        self.retry_seconds = retry_seconds
        self.on_resume: Callable[[], None] | None = None

    def disconnect_room(self, room: str, namespace: str = "/") -> None:
        """Disconnect every socket in `room`: here at once, in other processes via Redis.

        While Redis is down the other processes miss it: they check their sockets'
        grants again when it returns (`on_resume`)."""
        message = {
            "method": "close_room",
            "room": room,
            "namespace": namespace,
            "host_id": self.host_id,
            "disconnect": True,
        }
        self._handle_close_room(message)
        self._publish(message)

    def _handle_close_room(self, message) -> None:
        if message.get("disconnect"):
            close_local_sockets(self.server, message.get("room"), message.get("namespace"))
        super()._handle_close_room(message)

    def _redis_listen_with_retries(self):  # runs in the listener's own thread (greenlet)
        failed, subscribed = False, False
        while True:
            try:
                if not subscribed:
                    self._redis_connect()
                    self.pubsub.subscribe(self.channel)
                    yield from self._confirmed()
                    subscribed = True
                    if failed:
                        failed = False
                        logger.info("message queue back: subscribed again, catching up")
                        self._resumed()
                yield from self.pubsub.listen()
            except Exception as error:  # noqa: BLE001 - any failure: Redis is out of reach
                if not failed:
                    logger.warning(
                        "message queue lost (%s): retrying every %ss", error, self.retry_seconds
                    )
                failed, subscribed = True, False
                time.sleep(self.retry_seconds)  # gevent's once patched

    def _confirmed(self):
        """Wait for Redis to confirm the subscription; pass on any message behind it."""
        response = self.pubsub.parse_response(block=False, timeout=max(2.0, self.retry_seconds))
        if response is None:
            raise ConnectionError("Redis did not confirm the subscription")
        message = self.pubsub.handle_message(response, ignore_subscribe_messages=True)
        if message is not None:  # never before the confirmation, but never dropped either
            yield message

    def _resumed(self) -> None:
        if self.on_resume is not None:
            self.server.start_background_task(self.on_resume)


def close_local_sockets(server, room: str | None, namespace: str | None = "/") -> None:
    """Disconnect the sockets this process holds in `room` (no message to the others)."""
    namespace = namespace or "/"
    if not room:
        return
    for sid, _eio_sid in list(server.manager.get_participants(namespace, room)):
        server.disconnect(sid, namespace=namespace, ignore_queue=True)
