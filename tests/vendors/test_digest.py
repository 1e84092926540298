"""The engine's one client-side HTTP digest helper (every digest vendor adapter uses it)."""

from __future__ import annotations

import hashlib

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from yarl import URL

from camsim.auth import challenge, digest_matches, parse_digest
from custom_components.camera_posture.posture.errors import CannotConnect, InvalidAuth
from custom_components.camera_posture.posture.transport.digest import (
    DigestAuth,
    DigestClient,
    header_value,
    parse_challenge,
)
from custom_components.camera_posture.posture.transport.http import HttpClient, Response
from tests.posture.helpers import web_app

from .helpers import outcomes, running

# RFC 7616 section 3.9.1 example.
RFC_CHALLENGE = (
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, '
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
)
RFC_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"


def _challenge(header: str) -> Response:
    return Response(401, {"www-authenticate": header}, b"")


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [
        ("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
        ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"),
    ],
)
def test_rfc7616_example_response(algorithm: str, expected: str) -> None:
    auth = DigestAuth("Mufasa", "Circle of Life")
    assert auth.prime(_challenge(RFC_CHALLENGE.replace("MD5", algorithm)))
    header = auth.authorization("GET", "http://www.example.org/dir/index.html", RFC_CNONCE)
    fields = parse_challenge(header)
    assert fields is not None
    assert fields["response"] == expected
    assert (fields["nc"], fields["qop"], fields["uri"]) == ("00000001", "auth", "/dir/index.html")
    assert fields["opaque"] == "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"
    assert "Circle of Life" not in header
    assert "Circle of Life" not in repr(auth)


def test_prime_refuses_what_it_cannot_answer() -> None:
    auth = DigestAuth("u", "p")
    assert not auth.prime(_challenge('Basic realm="x"'))
    assert not auth.prime(_challenge('Digest realm="x", nonce="n", qop="auth-int"'))
    assert not auth.prime(_challenge('Digest realm="x", nonce="n", algorithm=SHA-512-256'))
    assert not auth.prime(_challenge('Digest realm="x"'))
    assert not auth.prime(Response(401, {}, b""))
    assert auth.challenge is None
    assert parse_challenge('Basic realm="x"') is None
    assert header_value({}, "WWW-Authenticate") == ""


async def test_rejected_client_never_sends_again() -> None:
    async with running("dahua") as camera, aiohttp.ClientSession() as session:
        http = HttpClient(session)
        client = DigestClient(http, "admin", "wrong")
        url = f"http://{camera.host}:{camera.http_port}/cgi-bin/magicBox.cgi?action=getVendor"
        with pytest.raises(InvalidAuth):
            await client.request("GET", url)
        sent = http.requests
        with pytest.raises(InvalidAuth):
            await client.request("GET", url)
    assert client.rejected
    assert client.rejection is not None
    assert client.rejection.status == 401
    assert http.requests == sent == 2
    assert outcomes(camera) == ["failed"]


async def test_challenge_is_reused_across_requests() -> None:
    async with running("dahua") as camera, aiohttp.ClientSession() as session:
        http = HttpClient(session)
        client = DigestClient(http, "admin", "admin")
        base = f"http://{camera.host}:{camera.http_port}/cgi-bin/magicBox.cgi?action="
        vendor = await client.request("GET", base + "getVendor")
        kind = await client.request("GET", base + "getDeviceType")
    assert (vendor.status, kind.status) == (200, 200)
    # One unauthenticated handshake, then one request each.
    assert http.requests == 3
    assert outcomes(camera) == ["ok", "ok"]


@given(st.text(max_size=300))
def test_parse_challenge_never_raises(header: str) -> None:
    params = parse_challenge("Digest " + header)
    assert params is not None
    assert all(key == key.lower() for key in params)


async def test_stale_nonce_gets_one_resend_and_no_more() -> None:
    # stale=true means the password was never judged (only the nonce's age): one resend.
    seen: list[str] = []

    async def page(request: web.Request) -> web.Response:
        header = request.headers.get("Authorization", "")
        nonce = (parse_challenge(header) or {}).get("nonce", "")
        seen.append(nonce or "-")
        if nonce not in ("fresh", "fresh-again") or request.query.get("always") == "stale":
            stale = ", stale=true" if nonce else ""
            new = "fresh" if nonce != "fresh" else "fresh-again"
            value = f'Digest realm="r", qop="auth", nonce="{new}"{stale}'
            return web.Response(status=401, headers={"WWW-Authenticate": value})
        return web.Response(text="ok")

    async with web_app(get={"/x": page}) as port, aiohttp.ClientSession() as session:
        client = DigestClient(HttpClient(session), "u", "p")
        client.prime(_challenge('Digest realm="r", qop="auth", nonce="old"'))
        ok = await client.request("GET", f"http://127.0.0.1:{port}/x")
        stuck = DigestClient(HttpClient(session), "u", "p")
        stuck.prime(_challenge('Digest realm="r", qop="auth", nonce="old"'))
        with pytest.raises(InvalidAuth):
            await stuck.request("GET", f"http://127.0.0.1:{port}/x?always=stale")
    assert ok.status == 200
    # old (stale) -> fresh (ok); then old (stale) -> fresh (stale again) -> refused.
    assert seen == ["old", "fresh", "old", "fresh"]


async def test_nonce_is_reused_counting_up_then_renewed_once_when_stale() -> None:
    # A server that accepts only its current nonce (hashes unchecked: this is the flow).
    seen: list[str] = []
    nonces = {"current": "n1", "stale": ""}

    async def page(request: web.Request) -> web.Response:
        header = request.headers.get("Authorization", "")
        seen.append(header)
        nonce = (parse_challenge(header) or {}).get("nonce")
        if nonce == nonces["current"]:
            return web.Response(text="ok")
        stale = "true" if nonce == nonces["stale"] else "false"
        current = nonces["current"]
        value = f'Digest realm="r", qop="auth", nonce="{current}", stale={stale}'
        return web.Response(status=401, headers={"WWW-Authenticate": value})

    async with web_app(get={"/x": page}) as port, aiohttp.ClientSession() as session:
        url = str(URL.build(scheme="http", host="127.0.0.1", port=port, path="/x"))
        client = DigestClient(HttpClient(session), "root", "pw")
        assert (await client.request("GET", url)).status == 200
        assert (await client.request("GET", url)).status == 200
        # One unauthenticated challenge, then two signed requests on the same nonce.
        assert [h.startswith("Digest ") for h in seen] == [False, True, True]
        assert (parse_challenge(seen[-1]) or {}).get("nc") == "00000002"
        nonces.update(current="n2", stale="n1")
        seen.clear()
        assert (await client.request("GET", url)).status == 200
    # The stale answer costs one resend with the new nonce, its count starting again.
    assert [(parse_challenge(h) or {}).get("nonce") for h in seen] == ["n1", "n2"]
    assert (parse_challenge(seen[-1]) or {}).get("nc") == "00000001"
    assert not client.rejected


def test_authorization_before_any_challenge_is_cannot_connect() -> None:
    with pytest.raises(CannotConnect):
        DigestAuth("u", "p").authorization("GET", "http://127.0.0.1/x")


def test_rfc2069_challenge_without_qop_is_answered_as_the_camera_checks_it() -> None:
    # Old firmware sends no qop: response = H(HA1:nonce:HA2), no nc/cnonce.
    auth = DigestAuth("admin", "pw-1")
    assert auth.prime(_challenge('Digest realm="Old Cam", nonce="abc123"'))
    header = auth.authorization("GET", "http://127.0.0.1/cgi-bin/x.cgi?a=1,2")
    fields = parse_digest(header)
    assert "qop" not in fields
    assert "nc" not in fields
    assert fields["uri"] == "/cgi-bin/x.cgi?a=1,2"
    # The simulator's independent check accepts it, and only with the right password.
    assert digest_matches(fields, "GET", "pw-1")
    assert not digest_matches(fields, "GET", "pw-2")


def test_md5_sess_folds_nonce_and_cnonce_into_ha1() -> None:
    auth = DigestAuth("u", "p")
    assert auth.prime(_challenge('Digest realm="r", nonce="n", qop="auth", algorithm=MD5-sess'))
    fields = parse_challenge(auth.authorization("GET", "http://127.0.0.1/x", cnonce="c"))
    assert fields is not None

    def md5(text: str) -> str:
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    ha1 = md5(f"{md5('u:r:p')}:n:c")
    assert fields["algorithm"] == "MD5-sess"
    assert fields["response"] == md5(f"{ha1}:n:00000001:c:auth:{md5('GET:/x')}")


async def test_basic_only_camera_gets_no_credentials() -> None:
    seen: list[str] = []

    async def page(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization", "-"))
        raise challenge("Basic Cam", basic=True)

    async with web_app(get={"/x": page}) as port, aiohttp.ClientSession() as session:
        client = DigestClient(HttpClient(session), "u", "secret-pw")
        with pytest.raises(CannotConnect) as raised:
            await client.request("GET", f"http://127.0.0.1:{port}/x")
    # One unauthenticated request; never a Basic answer with the password in it.
    assert seen == ["-"]
    assert "secret-pw" not in str(raised.value)
    assert not client.rejected
