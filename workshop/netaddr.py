"""The address phones should open: the configured public URL, else this machine's LAN address."""

import ipaddress
import socket
from collections.abc import Iterable

from flask import current_app

LOOPBACK = "127.0.0.1"
# Interfaces that are rarely the venue's network: VPN tunnels, containers, virtual machines.
VIRTUAL_PREFIXES = (
    "tun", "tap", "wg", "utun", "ppp", "ipsec", "tailscale", "zt", "docker", "br-", "veth",
    "virbr", "vmnet", "vboxnet", "vethernet", "lxc", "lxd", "cni", "flannel", "podman",
)  # fmt: skip
# Private LAN ranges in order of preference: home and hotspot networks first.
LAN_RANGES = tuple(
    ipaddress.ip_network(n) for n in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")
)

Candidate = tuple[str, str]  # (interface name, or "" when unknown; IPv4 address)


def lan_address(candidates: Iterable[Candidate] | None = None) -> str:
    """Return this machine's address on the local network, or 127.0.0.1 when it has none.

    Policy: a private LAN address (192.168/16, then 10/8, then 172.16/12) beats any other;
    among equals a real interface beats a tunnel, a container bridge or a virtual machine's,
    then the one traffic leaves by (the first candidate) wins. Other routable addresses come
    next, link-local ones (169.254/16) last; loopback is never chosen while anything else is.
    """
    if candidates is None:
        candidates = local_candidates()
    ranked = [
        (rank, index, address)
        for index, (name, address) in enumerate(_merged(candidates))
        if (rank := _rank(name, address)) is not None
    ]
    return min(ranked)[2] if ranked else LOOPBACK


def is_loopback(host: str) -> bool:
    """Tell whether `host` (an address or a name) only reaches this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def local_candidates() -> list[Candidate]:
    """List this machine's IPv4 addresses, the one traffic leaves by first."""
    return [*_route_address(), *_interface_addresses(), *_hostname_addresses()]


def _rank(name: str, address: str) -> tuple | None:
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return None
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast:
        return None
    lan = next((i for i, net in enumerate(LAN_RANGES) if ip in net), None)
    virtual = name.lower().startswith(VIRTUAL_PREFIXES)
    if lan is not None:
        return (0, virtual, lan)
    return (2 if ip.is_link_local else 1, virtual, 0)


def _merged(candidates: Iterable[Candidate]) -> list[Candidate]:
    """Drop repeated addresses, keeping the first position and any interface name seen."""
    names: dict[str, str] = {}
    for name, address in candidates:
        names[address] = names.get(address) or name
    return [(name, address) for address, name in names.items()]


def _route_address() -> list[Candidate]:
    """The address of the interface carrying the default route, if there is one.

    Connecting a UDP socket sends nothing: it only asks the kernel which interface
    would carry traffic towards a (documentation, never reached) address.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))
            return [("", probe.getsockname()[0])]
    except OSError:
        return []


def _interface_addresses() -> list[Candidate]:
    """Every interface's IPv4 address: psutil when installed, else Linux's ioctl."""
    try:
        import psutil
    except ImportError:
        return _linux_interface_addresses()
    try:
        return [
            (name, a.address)
            for name, addresses in psutil.net_if_addrs().items()
            for a in addresses
            if a.family == socket.AF_INET
        ]
    except OSError:
        return []


def _linux_interface_addresses() -> list[Candidate]:
    try:
        import fcntl
        import struct

        names = [name for _index, name in socket.if_nameindex()]
    except (ImportError, OSError, AttributeError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for name in names:
            request = struct.pack("256s", name.encode()[:15])
            try:
                answer = fcntl.ioctl(s.fileno(), 0x8915, request)  # SIOCGIFADDR
            except OSError:
                continue  # no IPv4 address on this interface
            found.append((name, socket.inet_ntoa(answer[20:24])))
    return found


def _hostname_addresses() -> list[Candidate]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return [("", info[4][0]) for info in infos]


def public_base_url() -> str:
    """Return the base URL printed on screen and in QR codes; never the request's Host."""
    configured = current_app.config.get("PUBLIC_BASE_URL")
    if configured:
        return configured.rstrip("/")
    return f"http://{lan_address()}:{current_app.config['PORT']}"
