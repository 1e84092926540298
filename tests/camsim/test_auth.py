"""The simulator's digest verification: header parsing and a signed request over loopback."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import aiohttp
from hypothesis import given
from hypothesis import strategies as st

from camsim.auth import parse_digest
from camsim.camera import SimCamera
from camsim.persona import PERSONAS, Persona
from custom_components.camera_posture.posture.transport.digest import DigestClient
from custom_components.camera_posture.posture.transport.http import HttpClient


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


async def test_signed_uri_with_commas_is_a_good_login(
    start_camera: Callable[[Persona], Awaitable[SimCamera]],
) -> None:
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
