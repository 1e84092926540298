"""The one host parser, the URL builder and the parser of URLs devices send."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.camera_posture.posture.hosts import (
    CameraAddress,
    HostError,
    camera_url,
    device_url,
    parse_host,
    parse_port,
    resolve_address,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("192.0.2.1", CameraAddress("192.0.2.1")),
        ("  192.0.2.1\t", CameraAddress("192.0.2.1")),
        ("::1", CameraAddress("::1")),
        ("[::1]", CameraAddress("::1")),
        ("[2001:DB8:0:0::1]", CameraAddress("2001:db8::1")),
        ("::ffff:192.0.2.1", CameraAddress("::ffff:192.0.2.1")),
        ("Camera.Local", CameraAddress("camera.local")),
        ("camera.local.", CameraAddress("camera.local")),
        ("my_cam", CameraAddress("my_cam")),
        ("Kamera-Küche.local", CameraAddress("xn--kamera-kche-0hb.local")),
        ("https://192.0.2.1", CameraAddress("192.0.2.1", "https")),
        ("HTTPS://cam:8443/", CameraAddress("cam", "https", 8443)),
        ("https://[::1]:8443", CameraAddress("::1", "https", 8443)),
        ("https://[::1]", CameraAddress("::1", "https")),
        ("https://::1", CameraAddress("::1", "https")),
    ],
)
def test_accepted(text: str, expected: CameraAddress) -> None:
    assert parse_host(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        (" \t ", "empty"),
        ("https://", "empty"),
        ("cam\r\nHost: evil", "control"),
        ("cam\x7f", "control"),
        ("a b", "control"),
        ("http://x", "scheme"),
        ("ftp://cam", "scheme"),
        ("x@host", "userinfo"),
        ("https://u:p@cam", "userinfo"),
        ("host/x", "path"),
        ("host?", "path"),
        ("host#", "path"),
        ("https://cam/x", "path"),
        ("https://cam?q", "path"),
        ("host:80", "port"),
        ("[::1]:80", "port"),
        ("https://cam:", "port"),
        ("https://cam:0", "port"),
        ("https://cam:99999", "port"),
        ("https://cam:8a", "port"),
        ("[::1", "invalid"),
        ("[zz]", "invalid"),
        ("1.2.3", "invalid"),
        ("999.1.1.1", "invalid"),
        ("-cam", "invalid"),
        ("a..b", "invalid"),
        ("x" * 64, "invalid"),
        ("fe80::1%eth0", "invalid"),
        ("bücher..de", "invalid"),
    ],
)
def test_refused(text: str, reason: str) -> None:
    with pytest.raises(HostError) as refused:
        parse_host(text)
    assert refused.value.reason == reason
    assert str(refused.value)  # a sentence the CLI can print


def test_not_text_is_refused() -> None:
    with pytest.raises(HostError):
        parse_host(None)


@pytest.mark.parametrize("text", ["1", " 80 ", "65535", 443])
def test_ports_accepted(text: str | int) -> None:
    assert 1 <= parse_port(text) <= 65535


@pytest.mark.parametrize("text", ["0", "65536", "99999", "abc", "", "-1", "+80", "١٢", True, 2.5])
def test_ports_refused(text: object) -> None:
    with pytest.raises(HostError):
        parse_port(text)


@pytest.mark.parametrize(
    ("text", "port", "https", "expected"),
    [
        ("cam", None, False, CameraAddress("cam", "http", 80)),
        ("cam", None, True, CameraAddress("cam", "https", 443)),
        ("cam", 8080, False, CameraAddress("cam", "http", 8080)),
        ("https://cam", None, False, CameraAddress("cam", "https", 443)),
        ("https://cam", 8443, False, CameraAddress("cam", "https", 8443)),
        ("https://cam:8443", 8443, False, CameraAddress("cam", "https", 8443)),
    ],
)
def test_resolve_address(text: str, port: int | None, https: bool, expected: CameraAddress) -> None:
    assert resolve_address(text, port, https=https) == expected


def test_resolve_address_refuses_two_ports() -> None:
    with pytest.raises(HostError) as refused:
        resolve_address("https://cam:8443", 9443)
    assert refused.value.reason == "port_conflict"


def test_camera_url_is_built_from_parts() -> None:
    assert camera_url("http", "::1", 8080, "/a?b=1&c=2") == "http://[::1]:8080/a?b=1&c=2"
    assert camera_url("https", "cam", 443) == "https://cam/"
    assert camera_url("rtsp", "cam", 8554, "/live") == "rtsp://cam:8554/live"
    with pytest.raises(ValueError, match="Host"):
        camera_url("http", "x@host", 80)


@pytest.mark.parametrize(
    "text",
    [
        "http://[::1",
        "http://cam:99999/",
        "http://cam:0/",
        "https://[zz]/",
        "/relative",
        "ftp://cam/",
        "http://",
        "",
        "\x00",
    ],
)
def test_device_url_skips_what_no_client_can_use(text: str) -> None:
    assert device_url(text) is None


def test_device_url_keeps_good_ones() -> None:
    url = device_url(" https://192.0.2.5:8443/onvif/device_service ")
    assert url is not None
    assert (url.scheme, url.host, url.port) == ("https", "192.0.2.5", 8443)


@given(st.text(max_size=60))
def test_parser_never_raises_anything_but_host_error(text: str) -> None:
    try:
        address = parse_host(text)
    except HostError:
        return
    # Whatever it accepts, a URL can be built from.
    camera_url(address.scheme or "http", address.host, address.port or 80, "/")


@given(st.text(max_size=60))
def test_device_url_never_raises(text: str) -> None:
    device_url(text)
