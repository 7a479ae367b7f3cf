"""Which address phones are told to open, and what `python run.py` prints about it."""

import run
from workshop import netaddr
from workshop.netaddr import lan_address


def test_a_private_lan_address_beats_the_vpn_tunnel_traffic_leaves_by():
    candidates = [("", "100.96.1.7"), ("tailscale0", "100.96.1.7"), ("wlan0", "192.168.1.23")]
    assert lan_address(candidates) == "192.168.1.23"


def test_a_real_interface_beats_a_tunnel_in_the_same_private_range():
    candidates = [("", "10.8.0.6"), ("tun0", "10.8.0.6"), ("wlp2s0", "10.20.30.40")]
    assert lan_address(candidates) == "10.20.30.40"


def test_private_ranges_are_preferred_in_order_192_168_then_10_then_172_16():
    candidates = [("eth1", "172.20.0.5"), ("eth2", "10.1.2.3"), ("eth0", "192.168.0.9")]
    assert lan_address(candidates) == "192.168.0.9"
    assert lan_address(candidates[:2]) == "10.1.2.3"


def test_a_docker_bridge_loses_to_the_wifi():
    candidates = [("docker0", "172.17.0.1"), ("wlan0", "172.16.5.4")]
    assert lan_address(candidates) == "172.16.5.4"


def test_without_a_default_route_an_interface_address_is_still_found():
    assert lan_address([("lo", "127.0.0.1"), ("wlan0", "192.168.43.120")]) == "192.168.43.120"


def test_among_equals_the_address_traffic_leaves_by_wins():
    candidates = [("", "192.168.2.5"), ("eth0", "192.168.1.5"), ("wlan0", "192.168.2.5")]
    assert lan_address(candidates) == "192.168.2.5"


def test_a_public_address_beats_link_local_and_loopback_is_the_last_resort():
    assert lan_address([("eth0", "169.254.3.4"), ("eth1", "198.51.100.7")]) == "198.51.100.7"
    assert lan_address([("eth0", "169.254.3.4"), ("lo", "127.0.0.1")]) == "169.254.3.4"
    assert lan_address([("lo", "127.0.0.1"), ("", "127.0.1.1")]) == "127.0.0.1"
    assert lan_address([]) == "127.0.0.1"


def test_ipv6_or_malformed_candidates_are_ignored():
    assert lan_address([("eth0", "fe80::1"), ("eth1", "nonsense"), ("eth2", "10.0.0.2")]) == (
        "10.0.0.2"
    )


def test_the_machines_own_candidates_are_ipv4_addresses():
    for name, address in netaddr.local_candidates():
        assert isinstance(name, str) and address.count(".") == 3


def test_run_tells_phones_the_lan_address_when_listening_everywhere():
    assert run.base_url("0.0.0.0", 5000, lan="192.168.1.23") == "http://192.168.1.23:5000"
    assert run.base_url("10.0.0.4", 8000, lan="192.168.1.23") == "http://10.0.0.4:8000"


def test_run_prints_the_address_phones_open_without_a_warning_on_a_network():
    lines = run.startup_lines("http://192.168.1.23:5000")
    assert (
        lines[0] == "Workshop app ready. Phones on the same network open: http://192.168.1.23:5000"
    )
    assert lines[1] == "Facilitators create a workshop at: http://192.168.1.23:5000/new"
    assert not any("WARNING" in line for line in lines)


def test_run_warns_clearly_when_only_loopback_was_found():
    base = run.base_url("0.0.0.0", 5000, lan=lan_address([("lo", "127.0.0.1")]))
    text = "\n".join(run.startup_lines(base))
    assert "WARNING: http://127.0.0.1:5000 only works on this computer" in text
    assert "--host" in text and "PUBLIC_BASE_URL" in text and "hotspot" in text
    assert "WARNING" in "\n".join(run.startup_lines("http://localhost:5000"))


def test_run_trusts_a_configured_public_address():
    assert len(run.startup_lines("http://127.0.0.1:5000", configured=True)) == 2


def test_importing_run_does_not_monkey_patch_the_test_process():
    import socket

    from gevent import monkey

    assert not monkey.is_module_patched("socket") and socket.socket.__module__ == "socket"
