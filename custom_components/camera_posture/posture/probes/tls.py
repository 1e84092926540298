"""The certificate a camera's TLS port presents: read, never verified.

Cameras ship self-signed certificates, so the audit does not verify them (it reads
posture, and digest authentication never sends the password itself). What the
certificate says is still kept as facts: self-signed or not, when it expires, and
its key, for checks that judge them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ssl
import warnings

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa

from ..hosts import HTTPS
from ..models import Facts
from . import ProbeContext

TLS_TIMEOUT_S = 5.0


@functools.cache
def _unverified_context() -> ssl.SSLContext:
    # No CA store is loaded (that would be blocking file I/O in the event loop, and
    # there is nothing to verify a camera's own certificate against).
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def _close(writer: asyncio.StreamWriter | None) -> None:
    """Close a TLS connection without waiting long for the peer's close_notify."""
    if writer is not None:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError, TimeoutError):
            async with asyncio.timeout(1):
                await writer.wait_closed()


async def peer_certificate(host: str, port: int, wait_s: float = TLS_TIMEOUT_S) -> bytes | None:
    """The DER certificate the TLS server at host:port presents (None: no TLS answer)."""
    writer = None
    try:
        async with asyncio.timeout(wait_s):
            _, writer = await asyncio.open_connection(host, port, ssl=_unverified_context())
        tls = writer.get_extra_info("ssl_object")
        der = tls.getpeercert(binary_form=True) if tls is not None else None
    except OSError, TimeoutError, ValueError, ssl.SSLError:
        return None
    finally:
        await _close(writer)
    return der or None


def key_description(cert: x509.Certificate) -> str:
    """The certificate's public key as "RSA 2048", "EC secp256r1", "Ed25519"..."""
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        return f"RSA {key.key_size}"
    if isinstance(key, ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    if isinstance(key, dsa.DSAPublicKey):
        return f"DSA {key.key_size}"
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "Ed25519"
    if isinstance(key, ed448.Ed448PublicKey):
        return "Ed448"
    return type(key).__name__


def note_certificate(facts: Facts, der: bytes) -> None:
    """Note the TLS facts from a DER certificate (an unreadable one notes nothing)."""
    try:
        cert = x509.load_der_x509_certificate(der)
        self_signed = cert.issuer == cert.subject
        not_after = cert.not_valid_after_utc
        key = key_description(cert)
    except ValueError:
        facts.evidence["tls_self_signed"] = "the HTTPS port's certificate is unreadable"
        return
    where = "certificate of the HTTPS port"
    issued = (
        "issued by itself (normal for cameras, not a failure)"
        if self_signed
        else "issued by another authority"
    )
    facts.note("tls_self_signed", self_signed, f"{where}: {issued}")
    facts.note("tls_not_after", not_after, f"{where}: valid until {not_after.isoformat()}")
    facts.note("tls_key", key, f"{where}: {key} key")


@functools.cache
def _legacy_context() -> ssl.SSLContext | None:
    """A client context that offers only TLS 1.0 and 1.1 (None: this OpenSSL cannot).

    OpenSSL 3 refuses both at its default security level, so the ciphers are opened to
    @SECLEVEL=0 for this one probe; nothing else is ever sent over it.
    """
    try:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.set_ciphers("ALL:@SECLEVEL=0")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # deprecated: what we test
            context.minimum_version = ssl.TLSVersion.TLSv1
            context.maximum_version = ssl.TLSVersion.TLSv1_1
    except ValueError, ssl.SSLError:
        return None
    return context


async def legacy_tls_accepted(
    host: str, port: int, wait_s: float = TLS_TIMEOUT_S
) -> tuple[bool | None, str]:
    """Whether host:port completes a TLS 1.0/1.1 handshake, with a secret-free reason.

    Call only for a port that just completed a modern handshake: a handshake cut off
    there (alert, reset, closed) is the server refusing the old versions.
    """
    context = _legacy_context()
    if context is None:
        return None, "this system's OpenSSL cannot offer TLS 1.0/1.1, so it was not tested"
    writer = None
    try:
        async with asyncio.timeout(wait_s):
            _, writer = await asyncio.open_connection(host, port, ssl=context)
        tls = writer.get_extra_info("ssl_object")
        version = tls.version() if tls is not None else None
    except ssl.SSLError as err:
        if err.reason == "NO_PROTOCOLS_AVAILABLE":
            return None, "this system's OpenSSL cannot offer TLS 1.0/1.1, so it was not tested"
        return False, "a TLS 1.0/1.1-only handshake was refused"
    except TimeoutError:
        return None, "the TLS 1.0/1.1 handshake got no answer"
    except OSError:
        return False, "a TLS 1.0/1.1-only handshake was refused (connection closed)"
    finally:
        await _close(writer)
    return True, f"a TLS 1.0/1.1-only handshake was accepted ({version})"


async def probe_tls_certificate(ctx: ProbeContext, facts: Facts) -> None:
    """Read the certificate of the camera's HTTPS port (the given port when TLS-only).

    Then, on a port that answered, whether it still accepts TLS 1.0/1.1.
    """
    port = ctx.target.port_for(HTTPS)
    der = await peer_certificate(ctx.host, port)
    if der is None:  # no TLS answer: the facts stay unknown
        facts.evidence["tls_not_after"] = "no TLS answer on the HTTPS port"
        return
    ctx.requests += 1  # a handshake the camera answered
    note_certificate(facts, der)
    accepted, why = await legacy_tls_accepted(ctx.host, port)
    ctx.requests += 1
    if accepted is None:
        facts.evidence["tls_legacy_accepted"] = why
    else:
        facts.note("tls_legacy_accepted", accepted, why)
