"""The four checks of issue 14 against the simulator's ground truth and small servers.

password_strength, anonymous_snapshot, brute_force_protection and tls_certificate:
every persona's CLI audit agrees with the control API's truth, the personas between
them make each pass and fail, and none of the new checks causes a login.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from camsim.camera import SimCamera
from camsim.control import ControlServer, PatchError, apply_patch
from camsim.persona import PERSONAS
from custom_components.camera_posture.posture import cli
from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.checks import CHECKS, evaluate, key_is_weak
from custom_components.camera_posture.posture.models import Facts, Status, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes import tls as tls_probe
from custom_components.camera_posture.posture.probes.snapshot import (
    is_image,
    probe_anonymous_snapshot,
)
from custom_components.camera_posture.posture.transport.http import HttpClient
from custom_components.camera_posture.posture.vendors import adapters
from tests.vendors.helpers import running

from .helpers import closed_port, quiet_services, tcp_server, web_app

NEW = ("password_strength", "anonymous_snapshot", "brute_force_protection", "tls_certificate")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16


def _target(camera: SimCamera) -> Target:
    user, password = next(iter(camera.persona.users.items()))
    ports = {**quiet_services(), **camera.ports}
    return Target(camera.host, camera.http_port, user, password, ports=ports)


async def _cli_report(camera: SimCamera, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    target = _target(camera)
    services = [f"--service={s}={p}" for s, p in target.ports.items() if s in cli.SERVICES]
    argv = ["audit", target.host, "--port", str(target.port), "--username", target.username]
    code = await cli.run([*argv, f"--password={target.password}", *services, "--json"])
    assert code == cli.EXIT_OK
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    return report


async def _truth(control: ControlServer) -> dict[str, Any]:
    async with aiohttp.ClientSession() as session, session.get(control.url("1")) as resp:
        body: dict[str, Any] = await resp.json()
    return body


async def test_every_persona_equals_the_control_apis_truth(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """CLI audit of each persona; the new checks pass and fail across the personas."""
    statuses: dict[str, set[str]] = {check: set() for check in NEW}
    for name in sorted(PERSONAS):
        async with running(name) as camera:
            control = ControlServer([camera])
            await control.start()
            try:
                if name in ("hikvision", "dahua", "axis"):
                    # The families whose lockout setting is read, with it switched off too.
                    await apply_patch(camera, {"lockout": False})
                    off = await _cli_report(camera, capsys)
                    truth = (await _truth(control))["truth"]
                    assert truth["brute_force_protection"] is False
                    assert off["checks"]["brute_force_protection"]["observed"] is False
                    statuses["brute_force_protection"].add(
                        off["checks"]["brute_force_protection"]["status"]
                    )
                    await apply_patch(camera, {"lockout": True})
                report = await _cli_report(camera, capsys)
                truth = (await _truth(control))["truth"]
            finally:
                await control.stop()
            # No failed or locked login, and none by another account than the configured one.
            user = next(iter(camera.persona.users))
            assert {(a.outcome, a.user) for a in camera.logins} <= {("ok", user)}
        for check in NEW:
            result = report["checks"][check]
            assert result["evidence"], (name, check)
            if result["observed"] is not None:
                assert result["observed"] == truth[check], (name, check)
            statuses[check].add(result["status"])
            assert result["standards"] == list(CHECKS[check].standards)
    for check, seen in statuses.items():
        assert {"pass", "fail"} <= seen, check


async def test_new_probes_send_no_credentials() -> None:
    """The snapshot and TLS probes alone: the simulator logs no login at all."""
    for name in ("dahua", "hikvision", "axis"):
        async with running(name) as camera, aiohttp.ClientSession() as session:
            adapter = next(a for a in adapters() if a.vendor == camera.persona.vendor)
            ctx = ProbeContext(HttpClient(session), _target(camera))
            ctx.snapshot_paths = adapter.snapshot_paths
            # Axis redirects plain HTTP to HTTPS: the audit would have learnt so first.
            ctx.web_scheme = "https" if camera.persona.tls_only else "http"
            facts = Facts()
            await probe_anonymous_snapshot(ctx, facts)
            await tls_probe.probe_tls_certificate(ctx, facts)
            assert facts.anonymous_snapshot is camera.persona.anonymous_snapshot
            assert camera.logins == []


def test_is_image() -> None:
    assert is_image(200, {}, JPEG)
    assert is_image(200, {}, b"\x89PNG\r\n\x1a\n....")
    mjpeg = b"--frame\r\nContent-Type: image/jpeg\r\n\r\n" + JPEG
    assert is_image(200, {"Content-Type": "multipart/x-mixed-replace; boundary=frame"}, mjpeg)
    assert not is_image(200, {}, mjpeg)
    assert not is_image(401, {}, JPEG)
    assert not is_image(200, {"Content-Type": "text/xml"}, b"<CGI_Result/>")


async def _probe_server(routes: dict[str, web.StreamResponse | bytes]) -> tuple[Facts, list[str]]:
    seen: list[str] = []

    def route(answer: web.StreamResponse | bytes) -> Any:
        async def handler(request: web.Request) -> web.StreamResponse:
            seen.append(request.headers.get("Authorization", ""))
            if isinstance(answer, bytes):
                return web.Response(body=answer, content_type="image/jpeg")
            return answer

        return handler

    facts = Facts()
    get = {path: route(answer) for path, answer in routes.items()}
    async with web_app(get=get) as port, aiohttp.ClientSession() as session:
        ctx = ProbeContext(HttpClient(session), Target("127.0.0.1", port))
        ctx.snapshot_paths = (*routes, "/missing")
        await probe_anonymous_snapshot(ctx, facts)
    return facts, seen


async def test_snapshot_verdicts_from_answers() -> None:
    facts, seen = await _probe_server({"/a": web.Response(status=401), "/b": JPEG})
    assert facts.anonymous_snapshot is True
    assert "/b served an image" in facts.evidence["anonymous_snapshot"]
    assert seen == ["", ""]  # never an Authorization header
    # Refused everywhere (the 404 is an absent endpoint): pass.
    facts, _ = await _probe_server({"/a": web.Response(status=401), "/b": web.Response(status=403)})
    assert facts.anonymous_snapshot is False
    assert "/missing: HTTP 404" in facts.evidence["anonymous_snapshot"]
    # A page that is no image (e.g. a JSON "please log in"): unknown, with the answer.
    facts, _ = await _probe_server({"/a": web.Response(status=401), "/b": web.Response(text="{}")})
    assert facts.anonymous_snapshot is None
    assert "/b: HTTP 200" in facts.evidence["anonymous_snapshot"]


async def test_snapshot_unknown_without_paths_or_answer() -> None:
    async with aiohttp.ClientSession() as session:
        ctx = ProbeContext(HttpClient(session), Target("127.0.0.1", closed_port()))
        facts = Facts()
        await probe_anonymous_snapshot(ctx, facts)
        assert facts.anonymous_snapshot is None
        assert "no still-image endpoint" in facts.evidence["anonymous_snapshot"]
        ctx.snapshot_paths = ("/a",)
        await probe_anonymous_snapshot(ctx, facts)
        assert facts.anonymous_snapshot is None
        assert "/a: no answer" in facts.evidence["anonymous_snapshot"]


@pytest.mark.parametrize(
    ("key", "weak"),
    [
        ("RSA 1024", True),
        ("RSA 2048", False),
        ("EC secp256r1", False),
        ("EC secp224r1", True),
        ("DSA 2048", True),
        ("Ed25519", False),
        ("Ed448", False),
        ("X448PublicKey", None),
    ],
)
def test_key_is_weak(key: str, weak: bool | None) -> None:
    assert key_is_weak(key) is weak


def _tls(facts: Facts) -> tuple[Status, Any]:
    result = evaluate(facts)["tls_certificate"]
    return result.status, result.observed


def test_tls_certificate_verdicts() -> None:
    later = datetime.now(UTC) + timedelta(days=30)
    good = Facts(tls_not_after=later, tls_key="EC secp256r1", tls_legacy_accepted=False)
    good.evidence["tls_self_signed"] = "issued by itself (normal for cameras, not a failure)"
    status, observed = _tls(good)
    assert (status, observed) == (Status.PASS, [])
    assert "not a failure" in evaluate(good)["tls_certificate"].evidence
    # One known problem fails even when another fact is missing.
    expired = Facts(tls_not_after=datetime.now(UTC) - timedelta(days=1))
    assert _tls(expired) == (Status.FAIL, ["expired"])
    # Nothing wrong seen, but the TLS 1.0/1.1 question unanswered: unknown.
    partial = Facts(tls_not_after=later, tls_key="RSA 2048")
    assert _tls(partial) == (Status.UNKNOWN, None)
    assert _tls(Facts()) == (Status.UNKNOWN, None)
    unsized = Facts(tls_not_after=later, tls_key="X448PublicKey", tls_legacy_accepted=False)
    assert _tls(unsized)[0] is Status.UNKNOWN


async def test_legacy_tls_accepted_and_refused() -> None:
    for name, accepted in (("hikvision", True), ("axis", False)):
        async with running(name) as camera:
            verdict, why = await tls_probe.legacy_tls_accepted(camera.host, camera.ports["https"])
        assert verdict is accepted
        assert "TLS 1.0/1.1" in why


async def test_legacy_tls_unknown_without_answer_or_support(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # takes the ClientHello, never answers

    async with tcp_server(silent) as port:
        verdict, why = await tls_probe.legacy_tls_accepted("127.0.0.1", port, wait_s=0.3)
    assert verdict is None
    assert "no answer" in why
    # An OpenSSL that cannot offer the old versions at all: not tested, said so.
    monkeypatch.setattr(tls_probe, "_legacy_context", lambda: None)
    async with running("axis") as camera:
        verdict, why = await tls_probe.legacy_tls_accepted(camera.host, camera.ports["https"])
    assert verdict is None
    assert "cannot offer TLS 1.0/1.1" in why


async def test_mjpeg_frame_is_an_image() -> None:
    async with running("dahua") as camera, aiohttp.ClientSession() as session:
        url = f"http://{camera.host}:{camera.http_port}/cgi-bin/mjpg/video.cgi?channel=1"
        resp = await HttpClient(session).peek(url, 4096)
        assert is_image(resp.status, resp.headers, resp.body)
        await apply_patch(camera, {"anonymous_snapshot": False})
        resp = await HttpClient(session).peek(url, 4096)
        assert resp.status == 401
        assert camera.logins == []


async def test_tls_facts_unknown_without_https() -> None:
    async with aiohttp.ClientSession() as session:
        ctx = ProbeContext(HttpClient(session), Target("127.0.0.1", closed_port()))
        facts = Facts()
        await tls_probe.probe_tls_certificate(ctx, facts)
    assert facts.tls_legacy_accepted is None
    assert evaluate(facts)["tls_certificate"].evidence == "no TLS answer on the HTTPS port"


async def test_password_reuse_and_no_account(capsys: pytest.CaptureFixture[str]) -> None:
    async with running("axis") as camera, aiohttp.ClientSession() as session:
        target = _target(camera)
        reused = await audit(session, target, password_reused=True, probes=False)
        assert reused.checks["password_strength"].observed == ["reused"]
        assert "compared with the other configured cameras" in (
            reused.checks["password_strength"].evidence
        )
        assert target.password not in reused.checks["password_strength"].evidence


async def test_control_api_labels_and_switches() -> None:
    async with running("axis") as camera:
        await apply_patch(camera, {"password": {"root": "new-Pass-2026-zebra"}})
        assert "password_strength" not in camera.persona.truth()
        await apply_patch(
            camera,
            {"password": {"root": "admin"}, "password_findings": ["vendor_default", "short"]},
        )
        assert camera.persona.truth()["password_strength"] == ["vendor_default", "short"]
        await apply_patch(camera, {"password_findings": []})
        assert camera.persona.truth()["password_strength"] == []
        await apply_patch(camera, {"anonymous_snapshot": True, "lockout": False})
        truth = camera.persona.truth()
        assert truth["anonymous_snapshot"] is True
        assert truth["brute_force_protection"] is False
        with pytest.raises(PatchError):
            await apply_patch(camera, {"password_findings": "short"})
