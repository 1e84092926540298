"""The engine's ONVIF client against a simulated camera over loopback."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from aiohttp import web
from defusedxml import ElementTree
from hypothesis import given
from hypothesis import strategies as st

from camsim.camera import SimCamera
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import CannotConnect, InvalidAuth
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.transport.onvif import (
    NS,
    NetworkProtocol,
    NtpInformation,
    OnvifClient,
    SystemDateAndTime,
    envelope,
    parse_system_date_and_time,
    password_digest,
)

from .helpers import Route, web_app


def _target(camera: SimCamera, password: str | None = None) -> Target:
    username, real_password = next(iter(camera.persona.users.items()))
    return Target(camera.host, camera.http_port, username, password or real_password)


def test_password_digest_matches_ws_security_definition() -> None:
    # Base64(SHA1(nonce + created + password)) computed independently.
    assert password_digest(b"\x00" * 16, "2026-01-01T00:00:00Z", "secret") == (
        "2xZ/Cmnr1KTlt8EvXpFnfAtEYCY="
    )


async def test_audit_reads_identity_despite_clock_skew(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        result = await audit(session, _target(onvif_camera))
    persona = onvif_camera.persona
    assert result.device.manufacturer == persona.manufacturer
    assert result.device.model == persona.model
    assert result.device.firmware == persona.firmware
    assert result.device.serial == persona.serial
    # The camera runs 7 minutes fast; the client must have learned that.
    assert result.clock_offset_s == pytest.approx(persona.clock_skew_s, abs=2)
    assert result.requests >= 2  # at least the clock and the identity
    # Every authenticated call was accepted: the token's Created time was shifted.
    assert onvif_camera.logins
    assert {attempt.outcome for attempt in onvif_camera.logins} == {"ok"}


async def test_wrong_password_is_invalid_auth_and_tried_once(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(InvalidAuth):
            await audit(session, _target(onvif_camera, password="wrong"))
    assert [attempt.outcome for attempt in onvif_camera.logins] == ["failed"]


async def test_camera_without_serial_is_identified_by_mac(onvif_camera: SimCamera) -> None:
    onvif_camera.persona.serial = ""
    async with aiohttp.ClientSession() as session:
        result = await audit(session, _target(onvif_camera))
    assert result.device.mac == onvif_camera.persona.mac


async def test_closed_port_is_cannot_connect() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with aiohttp.ClientSession() as session:
        with pytest.raises(CannotConnect):
            await audit(session, Target("127.0.0.1", port, "admin", "x"))


async def _client(camera: SimCamera, session: aiohttp.ClientSession) -> OnvifClient:
    username, password = next(iter(camera.persona.users.items()))
    client = OnvifClient(HttpClient(session), camera.host, camera.http_port, username, password)
    await client.get_system_date_and_time()
    return client


async def test_get_users_lists_accounts_and_levels(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        users = await (await _client(onvif_camera, session)).get_users()
    assert [user.username for user in users] == list(onvif_camera.persona.users)
    assert users[0].level == "Administrator"


async def test_get_network_protocols_reflect_the_camera(onvif_camera: SimCamera) -> None:
    async with aiohttp.ClientSession() as session:
        protocols = await (await _client(onvif_camera, session)).get_network_protocols()
    by_name = {proto.name: proto for proto in protocols}
    assert by_name["HTTP"].enabled is not onvif_camera.persona.https_only
    assert by_name["HTTP"].port == onvif_camera.http_port
    assert by_name["HTTPS"].enabled is ("https" in onvif_camera.persona.services)
    assert by_name["RTSP"].enabled is ("rtsp" in onvif_camera.persona.services)


@pytest.mark.parametrize("ntp", [True, False])
async def test_get_ntp_counts_manual_servers(onvif_camera: SimCamera, ntp: bool) -> None:
    onvif_camera.persona.ntp = ntp
    async with aiohttp.ClientSession() as session:
        info = await (await _client(onvif_camera, session)).get_ntp()
    assert info.from_dhcp is False
    assert info.manual_servers == int(ntp)


async def test_protected_call_without_token_is_refused_and_not_a_login(
    onvif_camera: SimCamera,
) -> None:
    async with aiohttp.ClientSession() as session:
        anonymous = OnvifClient(HttpClient(session), onvif_camera.host, onvif_camera.http_port)
        with pytest.raises(InvalidAuth):
            await anonymous.get_users()
    assert onvif_camera.logins == []


_FIELD = st.text(alphabet="0123456789-+ x", max_size=40)


@given(st.tuples(_FIELD, _FIELD, _FIELD, _FIELD, _FIELD, _FIELD), st.text(max_size=10))
def test_odd_clock_fields_become_unknown_not_errors(
    fields: tuple[str, str, str, str, str, str], mode: str
) -> None:
    year, month, day, hour, minute, second = fields
    xml = (
        f'<tds:GetSystemDateAndTimeResponse xmlns:tds="{NS["tds"]}" xmlns:tt="{NS["tt"]}">'
        "<tds:SystemDateAndTime><tt:DateTimeType></tt:DateTimeType><tt:UTCDateTime>"
        f"<tt:Time><tt:Hour>{hour}</tt:Hour><tt:Minute>{minute}</tt:Minute>"
        f"<tt:Second>{second}</tt:Second></tt:Time><tt:Date><tt:Year>{year}</tt:Year>"
        f"<tt:Month>{month}</tt:Month><tt:Day>{day}</tt:Day></tt:Date>"
        "</tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
    )
    root = ElementTree.fromstring(xml)
    mode_el = root.find("tds:SystemDateAndTime/tt:DateTimeType", NS)
    assert mode_el is not None
    mode_el.text = mode
    result = parse_system_date_and_time(root)
    assert result.ntp is {"NTP": True, "Manual": False}.get(mode.strip())
    assert result.utc is None or result.utc.year == int(year)


def _clock_answer(date_blocks: str, mode: str = "NTP") -> str:
    return (
        f'<tds:GetSystemDateAndTimeResponse xmlns:tds="{NS["tds"]}" xmlns:tt="{NS["tt"]}">'
        f"<tds:SystemDateAndTime><tt:DateTimeType>{mode}</tt:DateTimeType><tt:UTCDateTime>"
        "<tt:Time><tt:Hour>7</tt:Hour><tt:Minute>8</tt:Minute><tt:Second>9</tt:Second></tt:Time>"
        f"{date_blocks}</tt:UTCDateTime></tds:SystemDateAndTime>"
        "</tds:GetSystemDateAndTimeResponse>"
    )


def test_clock_fields_are_read_from_any_date_block_in_document_order() -> None:
    # As with an ElementPath lookup "tt:Date/tt:Year": a first Date without a Year
    # does not hide the Year of a later one.
    dates = (
        "<tt:Date><tt:Month>2</tt:Month></tt:Date>"
        "<tt:Date><tt:Year>2031</tt:Year><tt:Month>3</tt:Month><tt:Day>4</tt:Day></tt:Date>"
    )
    result = parse_system_date_and_time(ElementTree.fromstring(_clock_answer(dates)))
    assert result.ntp is True
    assert result.utc is not None
    assert (result.utc.year, result.utc.month, result.utc.day) == (2031, 2, 4)
    assert (result.utc.hour, result.utc.minute, result.utc.second) == (7, 8, 9)


def test_clock_in_another_namespace_is_unknown() -> None:
    answer = _clock_answer("<tt:Date><tt:Year>2030</tt:Year></tt:Date>").replace(
        NS["tt"], "urn:not-onvif"
    )
    result = parse_system_date_and_time(ElementTree.fromstring(answer))
    assert result == type(result)(None, None)


def test_envelope_is_well_formed_soap_with_header_and_body() -> None:
    root = ElementTree.fromstring(envelope("<tds:GetUsers/>", "<tt:Marker/>"))
    assert root.find("s:Header/tt:Marker", NS) is not None
    assert root.find("s:Body/tds:GetUsers", NS) is not None


@asynccontextmanager
async def device_service(handler: Route) -> AsyncIterator[OnvifClient]:
    """An ONVIF client (user "u") talking to `handler` as the camera's device service."""
    async with (
        web_app(post={"/onvif/device_service": handler}) as port,
        aiohttp.ClientSession() as session,
    ):
        yield OnvifClient(HttpClient(session), "127.0.0.1", port, "u", "p")


async def test_signed_request_carries_created_time_on_the_camera_clock() -> None:
    seen: list[bytes] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(await request.read())
        return web.Response(status=401)

    async with device_service(handler) as client:
        client.clock_offset_s = -86400.0 * 365  # the camera's clock is a year behind
        with pytest.raises(InvalidAuth):
            await client.call("GetUsers")
    created_el = ElementTree.fromstring(seen[0]).find(".//wsu:Created", NS)
    assert created_el is not None
    assert created_el.text is not None
    created = datetime.strptime(created_el.text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert len(created_el.text) == len("2026-01-02T03:04:05.678Z")
    expected = datetime.now(UTC) - timedelta(days=365)
    assert abs((created - expected).total_seconds()) < 60


def _answer(operation: str, inner: str) -> bytes:
    return (
        f'<?xml version="1.0"?><s:Envelope xmlns:s="{NS["s"]}" xmlns:tds="{NS["tds"]}" '
        f'xmlns:tt="{NS["tt"]}"><s:Body><tds:{operation}Response>{inner}'
        f"</tds:{operation}Response></s:Body></s:Envelope>"
    ).encode()


async def _odd_camera_reads(answers: dict[str, str]) -> dict[str, object]:
    """Run the client's reads against a device service answering fixed bodies."""

    async def handler(request: web.Request) -> web.Response:
        body = await request.read()
        operation = next(op for op in answers if f"<tds:{op}>".encode() in body)
        return web.Response(
            body=_answer(operation, answers[operation]), content_type="application/soap+xml"
        )

    async with device_service(handler) as client:
        return {
            "clock": await client.get_system_date_and_time(),
            "ntp": await client.get_ntp(),
            "protocols": await client.get_network_protocols(),
        }


async def test_odd_answers_become_unknown_fields() -> None:
    huge = "9" * 5000  # more digits than int() converts
    reads = await _odd_camera_reads(
        {
            # A clock mode without any UTCDateTime: the mode is known, the time is not.
            "GetSystemDateAndTime": "<tds:SystemDateAndTime><tt:DateTimeType>Manual"
            "</tt:DateTimeType></tds:SystemDateAndTime>",
            "GetNTP": "",
            "GetNetworkProtocols": "".join(
                f"<tds:NetworkProtocols><tt:Name>{name}</tt:Name><tt:Enabled>{on}</tt:Enabled>"
                f"<tt:Port>{port}</tt:Port></tds:NetworkProtocols>"
                for name, on, port in (
                    ("HTTP", "true", "80"),
                    ("HTTPS", "maybe", "-443"),
                    ("RTSP", "1", huge),
                )
            ),
        }
    )
    assert reads["clock"] == SystemDateAndTime(utc=None, ntp=False)
    assert reads["ntp"] == NtpInformation(from_dhcp=None, manual_servers=0, dhcp_servers=0)
    assert reads["protocols"] == [
        NetworkProtocol("HTTP", True, 80),
        NetworkProtocol("HTTPS", None, None),
        NetworkProtocol("RTSP", True, None),
    ]


def test_clock_answer_without_its_block_is_unknown() -> None:
    root = ElementTree.fromstring(f'<tds:GetSystemDateAndTimeResponse xmlns:tds="{NS["tds"]}"/>')
    assert parse_system_date_and_time(root) == SystemDateAndTime(utc=None, ntp=None)
