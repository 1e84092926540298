"""A self-signed certificate for the cameras' HTTPS ports, made once per process.

Cameras ship self-signed certificates too; clients of the simulator must not verify
them (tests pass ssl=False). One EC key for the whole process keeps a 500-camera
fleet's start fast. A persona may ask for the faults the tls_certificate check looks
for: an expired certificate, a 1024-bit RSA key, TLS 1.0/1.1 still accepted (each
combination is made once per process too).
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import ipaddress
import socket
import ssl
import tempfile
import warnings
from asyncio import Task
from collections.abc import Callable
from pathlib import Path

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID


@functools.cache
def server_context(
    *, expired: bool = False, weak_key: bool = False, legacy: bool = False
) -> ssl.SSLContext:
    """A TLS server context with a fresh self-signed certificate (cached per process).

    `expired`: the certificate ended 30 days ago; `weak_key`: RSA 1024 instead of EC
    P-256; `legacy`: TLS 1.0 and 1.1 are accepted too (as old camera firmware does).
    """
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey = (
        rsa.generate_private_key(public_exponent=65537, key_size=1024)
        if weak_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "camsim")])
    now = datetime.datetime.now(datetime.UTC)
    alt_names: list[x509.GeneralName] = [
        x509.DNSName("camsim"),
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
    ]
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=400 if expired else 1))
        .not_valid_after(now + datetime.timedelta(days=-30 if expired else 365))
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .sign(key, hashes.SHA256())
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    if weak_key or legacy:
        # OpenSSL 3's default security level refuses both; old cameras do not.
        context.set_ciphers("ALL:@SECLEVEL=0")
    if legacy:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
    # ssl loads key material from files only; the temporary folder disappears at once.
    with tempfile.TemporaryDirectory() as folder:
        cert_file = Path(folder, "cert.pem")
        key_file = Path(folder, "key.pem")
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context.load_cert_chain(cert_file, key_file)
    return context


class _TlsUpgrade(asyncio.Protocol):
    """Accepts plain TCP, runs the TLS handshake, then hands over to the app protocol.

    asyncio's own TLS server reports every failed handshake (a port probe that just
    connects and closes) to the loop's exception handler when the loop runs in debug
    mode, as Home Assistant's test harness does. Upgrading with start_tls ourselves
    keeps those failures where they belong: a closed connection, nothing more.
    """

    def __init__(
        self,
        app_factory: Callable[[], asyncio.Protocol],
        tasks: set[Task[None]],
        context: ssl.SSLContext,
    ):
        self._app_factory = app_factory
        self._context = context
        self._tasks = tasks
        self._app: asyncio.Protocol | None = None
        # Decrypted bytes and end-of-stream that arrive before the app protocol exists.
        self._pending: list[bytes] = []
        self._eof = False
        self._lost: tuple[Exception | None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        # Nothing may be read before start_tls takes over the transport.
        transport.pause_reading()
        task = asyncio.get_running_loop().create_task(self._upgrade(transport))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _upgrade(self, raw: asyncio.Transport) -> None:
        loop = asyncio.get_running_loop()
        try:
            tls = await loop.start_tls(
                raw, self, self._context, server_side=True, ssl_handshake_timeout=10
            )
        except OSError, TimeoutError, EOFError:
            raw.close()
            return
        if tls is None:
            raw.close()
            return
        app = self._app_factory()
        app.connection_made(tls)
        self._app = app
        for data in self._pending:
            app.data_received(data)
        self._pending.clear()
        if self._eof:
            app.eof_received()
        if self._lost is not None:
            app.connection_lost(self._lost[0])

    def data_received(self, data: bytes) -> None:
        if self._app is None:
            self._pending.append(data)
        else:
            self._app.data_received(data)

    def eof_received(self) -> bool | None:
        if self._app is None:
            self._eof = True
            return None
        return self._app.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._app is None:
            self._lost = (exc,)
        else:
            self._app.connection_lost(exc)

    def pause_writing(self) -> None:
        if self._app is not None:
            self._app.pause_writing()

    def resume_writing(self) -> None:
        if self._app is not None:
            self._app.resume_writing()


class QuietTlsSite(web.SockSite):
    """An aiohttp HTTPS site whose failed handshakes close quietly (see _TlsUpgrade)."""

    __slots__ = ("_context", "_upgrades")

    def __init__(
        self,
        runner: web.BaseRunner,
        sock: socket.socket,
        context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(runner, sock)
        self._upgrades: set[Task[None]] = set()
        self._context = context or server_context()

    @property
    def name(self) -> str:
        """The site's URL, as aiohttp names sites."""
        return super().name.replace("http://", "https://", 1)

    async def start(self) -> None:
        """Listen; every connection is upgraded to TLS before aiohttp sees it."""
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None
        self._server = await asyncio.get_running_loop().create_server(
            lambda: _TlsUpgrade(server, self._upgrades, self._context),
            sock=self._sock,
            backlog=self._backlog,
        )

    async def stop(self) -> None:
        """Stop listening and abandon handshakes still in progress."""
        for task in list(self._upgrades):
            task.cancel()
        await super().stop()
