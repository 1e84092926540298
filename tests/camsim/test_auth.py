"""The simulator's digest verification: header parsing and a signed request over loopback."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable

import aiohttp
from hypothesis import given
from hypothesis import strategies as st

from camsim.auth import parse_digest
from camsim.camera import SimCamera
from camsim.persona import PERSONAS, Persona
from custom_components.camera_posture.posture.transport.digest import DigestAuth, DigestClient
from custom_components.camera_posture.posture.transport.http import HttpClient, Response

StartCamera = Callable[[Persona], Awaitable[SimCamera]]


def test_commas_inside_quoted_values_belong_to_the_value() -> None:
    fields = parse_digest(
        'Digest username="root", realm="AXIS_ACCC8E", nonce="n1", '
        'uri="/axis-cgi/param.cgi?action=list&group=root.Brand,root.Time", '
        'qop=auth, nc=00000001, cnonce="c", response="abc", algorithm=MD5'
    )
    assert fields["uri"] == "/axis-cgi/param.cgi?action=list&group=root.Brand,root.Time"
    assert (fields["qop"], fields["nc"], fields["algorithm"]) == ("auth", "00000001", "MD5")
    assert (fields["username"], fields["response"]) == ("root", "abc")


def test_quoted_pair_and_scheme_case_and_bare_parameters() -> None:
    fields = parse_digest(r'digest Username="a\"b", junk, realm = "r,1" , stale=true')
    assert fields == {"username": 'a"b', "realm": "r,1", "stale": "true"}


@given(st.text(max_size=300))
def test_parse_digest_never_raises(header: str) -> None:
    fields = parse_digest("Digest " + header)
    assert all(key == key.strip().lower() for key in fields)


async def test_signed_uri_with_commas_is_a_good_login(start_camera: StartCamera) -> None:
    # Axis lists several param.cgi groups comma-separated in the query; the digest uri
    # then holds commas, which must not break the camera's check of the response.
    persona = PERSONAS["axis"].persona()
    persona.https_only = False  # plain HTTP, so the request is not redirected to HTTPS
    camera = await start_camera(persona)
    user, password = next(iter(camera.persona.users.items()))
    url = (
        f"http://{camera.host}:{camera.http_port}"
        "/axis-cgi/param.cgi?action=list&group=root.Brand,root.Network.SSH"
    )
    async with aiohttp.ClientSession() as session:
        response = await DigestClient(HttpClient(session), user, password).request("GET", url)
    assert response.status == 200
    assert b"root.Brand.ProdNbr=" in response.body
    assert b"root.Network.SSH.Enabled=" in response.body
    assert [attempt.outcome for attempt in camera.logins] == ["ok"]


def test_a_parameter_without_a_name_is_skipped() -> None:
    assert parse_digest('Digest ="orphan", realm="r", =x') == {"realm": "r"}


async def _get(url: str, authorization: str | None) -> tuple[int, str]:
    headers = {"Authorization": authorization} if authorization else {}
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as resp:
        return resp.status, resp.headers.get("WWW-Authenticate", "")


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


async def _page(start: StartCamera, persona: str, path: str) -> tuple[SimCamera, str, str, str]:
    """Start this persona; its camera, first account (user, password) and the URL of `path`."""
    camera = await start(PERSONAS[persona].persona())
    user, password = next(iter(camera.persona.users.items()))
    return camera, user, password, f"http://{camera.host}:{camera.http_port}{path}"


MAGIC_BOX = "/cgi-bin/magicBox.cgi?action=getVendor"


async def test_basic_login_where_the_camera_allows_it(start_camera: StartCamera) -> None:
    # The Hikvision persona takes Basic as well as digest, like ISAPI firmware does.
    camera, user, password, url = await _page(start_camera, "hikvision", "/ISAPI/System/deviceInfo")
    good = await _get(url, _basic(user, password))
    wrong = await _get(url, _basic(user, password + "x"))
    garbled = await _get(url, "Basic %%%not-base64")
    assert good[0] == 200
    assert (wrong[0], garbled[0]) == (401, 401)
    # A refused Basic login is answered with a digest challenge, as the camera does.
    assert wrong[1].startswith("Digest ")
    assert [(a.user, a.outcome) for a in camera.logins] == [
        (user, "ok"),
        (user, "failed"),
        ("", "failed"),
    ]


async def test_basic_where_only_digest_is_allowed_is_not_a_login(start_camera: StartCamera) -> None:
    camera, user, password, url = await _page(start_camera, "dahua", MAGIC_BOX)
    status, offered = await _get(url, _basic(user, password))
    assert status == 401
    assert offered.startswith("Digest ")
    assert camera.logins == []


async def test_digest_for_another_realm_is_a_failed_login(start_camera: StartCamera) -> None:
    camera, user, password, url = await _page(start_camera, "dahua", MAGIC_BOX)
    async with aiohttp.ClientSession() as session:
        http = HttpClient(session)
        first = await http.request("GET", url)
        realm = parse_digest(first.headers["WWW-Authenticate"])["realm"]
        forged = first.headers["WWW-Authenticate"].replace(realm, "Other Realm")
        auth = DigestAuth(user, password)
        assert auth.prime(Response(401, {"WWW-Authenticate": forged}, b""))
        status, _ = await _get(url, auth.authorization("GET", url))
    assert status == 401
    assert [(a.user, a.outcome) for a in camera.logins] == [(user, "failed")]
