"""WSGI entry point for gunicorn (see docs/deployment.md).

    gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker -w 1 \\
        --bind 127.0.0.1:8001 wsgi:app

One worker per process: Socket.IO needs every request of a client on the same process,
so scale with several processes behind a proxy with sticky sessions and REDIS_URL set.
"""

from workshop import create_app

app = create_app()
