"""The address phones should open: the configured public URL, else this machine's LAN address."""

import socket

from flask import current_app


def lan_address() -> str:
    """Return this machine's address on the local network, or 127.0.0.1 when it has none.

    Connecting a UDP socket sends nothing: it only asks the kernel which interface
    would carry traffic towards a (documentation, never reached) address.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    return address if not address.startswith("0.") else "127.0.0.1"


def public_base_url() -> str:
    """Return the base URL printed on screen and in QR codes; never the request's Host."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/")
    return f"http://{lan_address()}:{current_app.config['PORT']}"
