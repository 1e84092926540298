"""Small clients the simulator tests use: raw RTSP, raw TCP, ONVIF SOAP."""

from __future__ import annotations

import asyncio
import hashlib
import json
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp

SOAP_NS = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"


def soap(operation: str) -> str:
    """An unauthenticated SOAP 1.2 envelope for a device-service operation."""
    return (
        f'<?xml version="1.0"?><s:Envelope xmlns:s="{SOAP_NS}" xmlns:tds="{TDS}">'
        f"<s:Body><tds:{operation}/></s:Body></s:Envelope>"
    )


async def onvif_call(
    host: str, port: int, operation: str, limit_s: float = 5.0, *, tls: bool = False
) -> tuple[int, str]:
    """POST one ONVIF device-service call; return status and body text.

    With tls, over HTTPS without verifying the camera's self-signed certificate.
    """
    async with (
        aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=limit_s)) as session,
        session.post(
            f"{'https' if tls else 'http'}://{host}:{port}/onvif/device_service",
            data=soap(operation),
            headers={"Content-Type": "application/soap+xml"},
            ssl=False,
        ) as response,
    ):
        return response.status, await response.text(errors="replace")


async def onvif_clock(camera: dict[str, Any]) -> tuple[int, str]:
    """GetSystemDateAndTime from a camera announced by `camsim` (HTTPS when it has it)."""
    ports = camera["ports"]
    if "https" in ports:
        return await onvif_call(camera["address"], ports["https"], "GetSystemDateAndTime", tls=True)
    return await onvif_call(camera["address"], ports["onvif"], "GetSystemDateAndTime")


async def rtsp_exchange(
    host: str, port: int, request: str, *, source: str | None = None
) -> tuple[int, dict[str, str], str]:
    """Send one RTSP request over a fresh connection; return status, headers, body."""
    local = (source, 0) if source else None
    reader, writer = await asyncio.open_connection(host, port, local_addr=local)
    try:
        writer.write(request.encode())
        await writer.drain()
        head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)).decode("latin-1")
        lines = head.split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        body = (await reader.readexactly(length)).decode() if length else ""
        return int(lines[0].split(" ")[1]), headers, body
    finally:
        writer.close()


def describe(url: str, cseq: int = 1, authorization: str | None = None) -> str:
    """An RTSP DESCRIBE request."""
    auth = f"Authorization: {authorization}\r\n" if authorization else ""
    return f"DESCRIBE {url} RTSP/1.0\r\nCSeq: {cseq}\r\nAccept: application/sdp\r\n{auth}\r\n"


def digest_authorization(challenge: str, user: str, password: str, url: str) -> str:
    """The Authorization header answering an RTSP digest challenge for DESCRIBE."""
    fields = {}
    for part in challenge.removeprefix("Digest ").split(","):
        key, _, value = part.strip().partition("=")
        fields[key] = value.strip('"')

    def md5(text: str) -> str:
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()

    ha1 = md5(f"{user}:{fields['realm']}:{password}")
    ha2 = md5(f"DESCRIBE:{url}")
    response = md5(f"{ha1}:{fields['nonce']}:{ha2}")
    return (
        f'Digest username="{user}", realm="{fields["realm"]}", nonce="{fields["nonce"]}", '
        f'uri="{url}", response="{response}"'
    )


async def read_banner(host: str, port: int) -> bytes:
    """Connect to a banner service and read what it sends before closing."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        return await asyncio.wait_for(reader.read(), 5)
    finally:
        writer.close()


async def refuses(host: str, port: int) -> bool:
    """Whether nothing listens on host:port (connection refused)."""
    try:
        _, writer = await asyncio.open_connection(host, port)
    except ConnectionRefusedError:
        return True
    writer.close()
    return False


@asynccontextmanager
async def camsim_fleet(size: int, *args: str) -> AsyncIterator[list[dict[str, Any]]]:
    """`camsim --fleet size --ports random [args]` in its own process; yields its cameras.

    Stopped with SIGINT on the way out; it must exit cleanly.
    """
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "camsim.cli",
        "--fleet",
        str(size),
        "--ports",
        "random",
        *args,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        yield [json.loads(await asyncio.wait_for(proc.stdout.readline(), 60)) for _ in range(size)]
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
