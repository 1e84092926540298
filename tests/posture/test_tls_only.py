"""TLS-only cameras end to end: every persona with plain HTTP switched off.

The camera binds no plain HTTP port at all (camsim's http_enabled=False, as a Reolink
with httpEnable=0); the audit is given its HTTPS port, either bare (TLS is tried when
plain HTTP fails there), as https://HOST:PORT, or with --https. Identity and every
fact must come out as over plain HTTP, with https_only passing and the certificate
read as facts (camsim's is self-signed, EC P-256).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime

import aiohttp
import pytest
from aiohttp import web

from camsim.camera import SimCamera
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture import cli
from custom_components.camera_posture.posture.audit import (
    audit,
    negotiate_web_scheme,
    read_device_info,
)
from custom_components.camera_posture.posture.models import Target
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors.base import AuditContext, DefaultLoginGuard

from .helpers import closed_port, quiet_services, web_app
from .test_personas import assert_no_wrong_fact


@asynccontextmanager
async def tls_only(name: str) -> AsyncIterator[SimCamera]:
    persona = PERSONAS[name].persona()
    persona.http_enabled = False
    camera = SimCamera(persona)
    await camera.start()
    try:
        assert "http" not in camera.ports  # nothing plain to fall back on
        yield camera
    finally:
        await camera.stop()


def _services(camera: SimCamera) -> dict[str, int]:
    # Closed ports for what the persona does not serve; plain HTTP closed explicitly.
    ports = {**quiet_services(), **camera.ports, "http": closed_port()}
    ports.pop("https")
    return ports


def _argv(camera: SimCamera, host: str, *extra: str) -> list[str]:
    user, password = next(iter(camera.persona.users.items()))
    services = [f"--service={name}={port}" for name, port in _services(camera).items()]
    return ["audit", host, "--username", user, f"--password={password}", *services, *extra]


@pytest.mark.parametrize("name", sorted(PERSONAS))
async def test_tls_port_given_bare_is_audited_over_tls(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    async with tls_only(name) as camera:
        port = str(camera.ports["https"])
        code = await cli.run([*_argv(camera, camera.host, "--port", port), "--json"])
        truth = camera.persona.truth()
        failed = [a for a in camera.logins if a.outcome != "ok"]
    assert code == cli.EXIT_OK
    report = json.loads(capsys.readouterr().out)
    assert report["device"]["model"] == camera.persona.model
    assert report["device"]["serial"] == camera.persona.serial
    assert_no_wrong_fact(report, truth)
    assert report["checks"]["https_only"]["status"] == "pass"
    assert report["checks"]["https_only"]["evidence"]
    assert report["login_failures"] == 0
    assert failed == []


@pytest.mark.parametrize("name", ["reolink", "hikvision", "onvif_generic"])
async def test_explicit_https_target_reads_certificate_facts(name: str) -> None:
    async with tls_only(name) as camera, aiohttp.ClientSession() as session:
        user, password = next(iter(camera.persona.users.items()))
        target = Target(
            camera.host,
            camera.ports["https"],
            user,
            password,
            ports=_services(camera),
            scheme="https",
        )
        result = await audit(session, target)
    assert result.scheme == "https"
    assert result.device.serial == camera.persona.serial
    facts = result.facts
    assert facts.https_only is True
    assert facts.tls_self_signed is True
    # The hikvision persona's old firmware keeps a 1024-bit RSA certificate.
    assert facts.tls_key == ("RSA 1024" if camera.persona.tls_weak_key else "EC secp256r1")
    assert facts.tls_not_after is not None
    assert facts.tls_not_after > datetime.now(UTC)
    assert "certificate of the HTTPS port" in facts.evidence["tls_self_signed"]
    # ONVIF over TLS too: the clock and the anonymous probe answered.
    assert facts.clock_offset_s is not None
    assert facts.onvif_anonymous is camera.persona.onvif_anonymous


async def test_connection_test_reports_the_tls_scheme() -> None:
    async with tls_only("reolink") as camera, aiohttp.ClientSession() as session:
        user, password = next(iter(camera.persona.users.items()))
        target = Target(camera.host, camera.ports["https"], user, password)
        result = await read_device_info(session, target)
    assert result.scheme == "https"
    assert result.device.model == camera.persona.model
    # Reolink says so itself: GetNetPort httpEnable=0, httpsEnable=1.
    assert result.facts.https_only is True
    assert "HTTP off, HTTPS on" in result.facts.evidence["https_only"]


@pytest.mark.parametrize("form", ["url", "flag"])
async def test_cli_https_forms(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    async with tls_only("hikvision") as camera:
        port = camera.ports["https"]
        if form == "url":
            argv = _argv(camera, f" https://{camera.host}:{port}/ ")
        else:
            argv = _argv(camera, camera.host, "--https", "--port", str(port))
        code = await cli.run([*argv, "--json"])
    assert code == cli.EXIT_OK
    assert json.loads(capsys.readouterr().out)["device"]["serial"] == camera.persona.serial


async def test_plain_camera_stays_plain(capsys: pytest.CaptureFixture[str]) -> None:
    # A camera that answers plain HTTP is never switched to TLS (and its HTTPS port,
    # when it has one, still gives the certificate facts).
    camera = SimCamera(PERSONAS["axis"].persona())
    camera.persona.https_only = False
    await camera.start()
    try:
        async with aiohttp.ClientSession() as session:
            user, password = next(iter(camera.persona.users.items()))
            ports = {**quiet_services(), **camera.ports}
            result = await audit(
                session, Target(camera.host, camera.http_port, user, password, ports=ports)
            )
    finally:
        await camera.stop()
    assert result.scheme == "http"
    assert result.facts.https_only is False
    assert result.facts.tls_self_signed is True


async def test_onvif_follows_a_redirect_to_https() -> None:
    # Axis' factory HTTPS policy: plain HTTP only redirects. ONVIF then goes to the HTTPS
    # port too, also when the ONVIF port is listed and is the plain web port itself.
    camera = SimCamera(PERSONAS["axis"].persona())
    await camera.start()
    try:
        assert camera.persona.https_only
        async with aiohttp.ClientSession() as session:
            user, password = next(iter(camera.persona.users.items()))
            ports = {**quiet_services(), **camera.ports}
            assert ports["onvif"] == camera.http_port
            result = await audit(
                session, Target(camera.host, camera.http_port, user, password, ports=ports)
            )
    finally:
        await camera.stop()
    assert result.scheme == "http"  # the given port is plain; it redirects
    assert result.facts.https_only is True
    assert result.facts.onvif_anonymous is camera.persona.onvif_anonymous
    assert result.facts.clock_offset_s is not None


async def test_plain_400_tries_tls_and_keeps_plain_when_tls_fails() -> None:
    # nginx answers a plain request on its TLS port with 400; a plain server that says
    # 400 to GET / is asked over TLS once, which fails: it stays plain.
    async def bad_request(_: web.Request) -> web.StreamResponse:
        return web.Response(status=400, text="The plain HTTP request was sent to HTTPS port")

    async with web_app(get={"/": bad_request}) as port, aiohttp.ClientSession() as session:
        http = HttpClient(session)
        ctx = AuditContext(http, Target("127.0.0.1", port), DefaultLoginGuard())
        await negotiate_web_scheme(ctx)
    assert http.requests == 2  # plain, then TLS on the same port
    assert ctx.root_page is not None
    assert ctx.root_page.status == 400
    assert (ctx.web_scheme, ctx.target.scheme) == ("http", "http")


async def test_no_tls_attempt_where_nothing_listens() -> None:
    async with aiohttp.ClientSession() as session:
        http = HttpClient(session)
        ctx = AuditContext(http, Target("127.0.0.1", closed_port()), DefaultLoginGuard())
        await negotiate_web_scheme(ctx)
    assert http.requests == 1  # a refused connection: TLS there would be refused too
    assert ctx.root_page is None
    assert ctx.target.scheme == "http"
