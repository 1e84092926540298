"""Certificate facts: what the HTTPS port's certificate says, read and never verified."""

from __future__ import annotations

import datetime

import aiohttp
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.x509.oid import NameOID

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.errors import CannotConnect
from custom_components.camera_posture.posture.models import Facts, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes.http_exposure import probe_https_only
from custom_components.camera_posture.posture.probes.tls import note_certificate
from custom_components.camera_posture.posture.transport.http import HttpClient

from .helpers import closed_port, tcp_server, web_app

NOT_AFTER = datetime.datetime(2031, 5, 4, 3, 2, 1, tzinfo=datetime.UTC)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(key: object, issuer: str = "camera", signer: object = None) -> bytes:
    signer = signer or key
    public = key.public_key()  # type: ignore[attr-defined]
    algorithm = (
        None
        if isinstance(signer, ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey)
        else hashes.SHA256()
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("camera"))
        .issuer_name(_name(issuer))
        .public_key(public)
        .serial_number(1)
        .not_valid_before(NOT_AFTER - datetime.timedelta(days=3650))
        .not_valid_after(NOT_AFTER)
        .sign(signer, algorithm)  # type: ignore[arg-type]
    )
    return cert.public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (rsa.generate_private_key(65537, 2048), "RSA 2048"),
        (ec.generate_private_key(ec.SECP384R1()), "EC secp384r1"),
        (ed25519.Ed25519PrivateKey.generate(), "Ed25519"),
        (ed448.Ed448PrivateKey.generate(), "Ed448"),
    ],
)
def test_self_signed_certificate_facts(key: object, expected: str) -> None:
    facts = Facts()
    note_certificate(facts, _certificate(key))
    assert facts.tls_self_signed is True
    assert facts.tls_not_after == NOT_AFTER
    assert facts.tls_key == expected
    assert facts.evidence["tls_key"] == f"certificate of the HTTPS port: {expected} key"
    assert "issued by itself" in facts.evidence["tls_self_signed"]


def test_certificate_from_an_authority_is_not_self_signed() -> None:
    authority = ec.generate_private_key(ec.SECP256R1())
    camera_key = dsa.generate_private_key(2048)
    facts = Facts()
    note_certificate(facts, _certificate(camera_key, issuer="Example CA", signer=authority))
    assert facts.tls_self_signed is False
    assert facts.tls_key == "DSA 2048"
    assert "another authority" in facts.evidence["tls_self_signed"]


def test_unreadable_certificate_notes_nothing_but_evidence() -> None:
    facts = Facts()
    note_certificate(facts, b"\x30\x03not a certificate")
    assert (facts.tls_self_signed, facts.tls_not_after, facts.tls_key) == (None, None, None)
    assert facts.evidence["tls_self_signed"] == "the HTTPS port's certificate is unreadable"


def _tls_ctx(session: aiohttp.ClientSession, http_port: int) -> ProbeContext:
    # A TLS-only target (its port is not asked here) whose plain HTTP port is `http_port`.
    target = Target("127.0.0.1", closed_port(), ports={"http": http_port}, scheme="https")
    return ProbeContext(HttpClient(session), target)


@pytest.mark.parametrize(
    ("location", "expected"),
    [(None, False), ("https://127.0.0.1/", True), ("http://[::1", None)],
)
async def test_tls_only_target_with_plain_http_elsewhere(
    location: str | None, expected: bool | None
) -> None:
    async def root(_: web.Request) -> web.StreamResponse:
        if location is None:
            return web.Response(text="login")
        return web.Response(status=302, headers={"Location": location})

    async with web_app(get={"/": root}) as port, aiohttp.ClientSession() as session:
        facts = Facts()
        await probe_https_only(_tls_ctx(session, port), facts)
    assert facts.https_only is expected
    assert facts.evidence["https_only"]


async def test_tls_only_target_with_a_plain_port_that_says_nothing_is_unknown() -> None:
    # Accepts the connection and closes it: plain HTTP neither proven nor refused.
    async with tcp_server() as port, aiohttp.ClientSession() as session:
        facts = Facts()
        await probe_https_only(_tls_ctx(session, port), facts)
    assert facts.https_only is None


async def test_a_stored_host_no_url_can_hold_is_unreachable() -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(CannotConnect, match="not a usable camera address"):
            await audit(session, Target("x@cam/admin", 80))
