"""Hostile and broken cameras: one small TCP server per fault mode.

A real fleet has cameras that reset connections, drip bytes forever, answer
megabytes, embed entity bombs in SOAP, lie about encodings, or vanish between
two requests. Each HostileCamera speaks just enough HTTP/1.1 to look like an
ONVIF device service and then misbehaves in exactly one way, so a test can show
that an audit ends in bounded time with "unknown" rather than a crash or a pass.

Raw asyncio streams instead of aiohttp: most faults (a reset half-way through a
response, a body that never ends, bytes that are not TLS on a TLS port) are
things a well-behaved HTTP server library refuses to do.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import re
import signal
import socket
import struct
import sys
import time
from datetime import UTC, datetime
from enum import StrEnum

S = "http://www.w3.org/2003/05/soap-envelope"
TDS = "http://www.onvif.org/ver10/device/wsdl"
TT = "http://www.onvif.org/ver10/schema"

MAX_REQUEST_HEAD = 16 * 1024
MAX_REQUEST_BODY = 256 * 1024
HUGE_BODY_BYTES = 10 * 1024 * 1024
# The identity the answering fault modes (disappearing, clock jump) report.
IDENTITY = {
    "Manufacturer": "Hostile",
    "Model": "HX-1",
    "FirmwareVersion": "1.0.0",
    "SerialNumber": "HOSTILE0001",
    "HardwareId": "HX-1-HW",
}
# Camera clock per GetSystemDateAndTime call in CLOCK_JUMP mode (seconds from the
# true time): hours ahead, hours behind, a reboot without a real-time clock
# (1970-01-01), and an impossible date.
CLOCK_JUMPS: tuple[float | str, ...] = (5 * 3600.0, -7 * 3600.0, "epoch", "invalid")


class Fault(StrEnum):
    """One way a camera can misbehave."""

    RESET = "reset"  # half a response, then a TCP reset
    SLOWLORIS = "slowloris"  # headers, then one body byte per interval, forever
    HUGE_BODY = "huge_body"  # a 10 MB answer of unannounced length
    XML_BOMB = "xml_bomb"  # billion laughs inside the SOAP answer
    INVALID_UTF8 = "invalid_utf8"  # declared UTF-8, bytes that are not
    WRONG_CONTENT_TYPE = "wrong_content_type"  # an HTML login page instead of SOAP
    HTTP_500 = "http_500"  # every request fails on the camera
    TLS_GARBAGE = "tls_garbage"  # a TLS port that answers plain-text garbage
    TLS_HANDSHAKE_FAILURE = "tls_handshake_failure"  # fatal alert to every ClientHello
    DISAPPEARING = "disappearing"  # answers GetSystemDateAndTime, then closes its port
    CLOCK_JUMP = "clock_jump"  # its clock jumps by hours between calls
    # Its web root redirects to a Location no client can follow; ONVIF answers.
    BAD_REDIRECT = "bad_redirect"


# Locations a BAD_REDIRECT camera sends, in turn: an unclosed IPv6 bracket, ports out
# of range, an impossible IPv6 host, another scheme, a relative and an empty one.
BAD_LOCATIONS = (
    "http://[::1",
    "https://127.0.0.1:99999/",
    "https://127.0.0.1:0/",
    "https://[zz]/",
    "javascript:alert(1)",
    "//",
    "",
)

# Faults that happen on the TLS layer: the server never sees an HTTP request.
TLS_FAULTS = frozenset({Fault.TLS_GARBAGE, Fault.TLS_HANDSHAKE_FAILURE})

_OPERATION = re.compile(rb"Body[^>]*>\s*<(?:[\w.-]+:)?(\w+)")
# A TLS 1.2 record: alert, level fatal (2), description handshake_failure (40).
_TLS_HANDSHAKE_FAILURE_ALERT = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])


def _envelope(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="{S}" '
        f'xmlns:tds="{TDS}" xmlns:tt="{TT}"><s:Body>{body}</s:Body></s:Envelope>'
    ).encode()


def _http(status: str, body: bytes, content_type: str = "application/soap+xml") -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


def xml_bomb() -> bytes:
    """A SOAP answer whose one element expands to a billion "lol"s (10^9 bytes)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f"<!DOCTYPE lolz [{''.join(entities)}]>"
        f'<s:Envelope xmlns:s="{S}" xmlns:tds="{TDS}" xmlns:tt="{TT}"><s:Body>'
        "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
        "<tt:DateTimeType>&lol9;</tt:DateTimeType>"
        "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
        "</s:Body></s:Envelope>"
    ).encode()


def date_and_time(jump: float | str = 0.0) -> str:
    """GetSystemDateAndTimeResponse for a clock `jump` seconds off (or "epoch"/"invalid")."""
    if jump == "epoch":
        year, month, day, hour, minute, second = 1970, 1, 1, 0, 0, 42
    elif isinstance(jump, str):
        year, month, day, hour, minute, second = 2026, 13, 32, 25, 61, 61
    else:
        now = datetime.fromtimestamp(time.time() + jump, UTC)
        year, month, day = now.year, now.month, now.day
        hour, minute, second = now.hour, now.minute, now.second
    return (
        "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime>"
        "<tt:DateTimeType>NTP</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings>"
        "<tt:UTCDateTime>"
        f"<tt:Time><tt:Hour>{hour}</tt:Hour><tt:Minute>{minute}</tt:Minute>"
        f"<tt:Second>{second}</tt:Second></tt:Time>"
        f"<tt:Date><tt:Year>{year}</tt:Year><tt:Month>{month}</tt:Month>"
        f"<tt:Day>{day}</tt:Day></tt:Date></tt:UTCDateTime>"
        "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>"
    )


def _device_information() -> str:
    fields = "".join(f"<tds:{key}>{value}</tds:{key}>" for key, value in IDENTITY.items())
    return f"<tds:GetDeviceInformationResponse>{fields}</tds:GetDeviceInformationResponse>"


def _not_supported() -> bytes:
    return _http(
        "400 Bad Request",
        _envelope(
            "<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode>"
            '<s:Value xmlns:ter="http://www.onvif.org/ver10/error">ter:ActionNotSupported'
            "</s:Value></s:Subcode></s:Code><s:Reason><s:Text>Not implemented</s:Text>"
            "</s:Reason></s:Fault>"
        ),
    )


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, bytes] | None:
    """Read one HTTP request; return (request line, body) or None if the peer left."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-length" and value.strip().isdigit():
            length = min(int(value), MAX_REQUEST_BODY)
    try:
        body = await reader.readexactly(length)
    except asyncio.IncompleteReadError, ConnectionError:
        return None
    return lines[0], body


class HostileCamera:
    """A TCP server on `host` that misbehaves as `fault` says; port 0 picks a free port."""

    def __init__(
        self,
        fault: Fault,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        drip_interval_s: float = 0.2,
    ) -> None:
        self.fault = fault
        self.host = host
        self.port = port
        self.drip_interval_s = drip_interval_s
        # What the camera saw and did, for the tests to assert on.
        self.connections = 0
        self.requests: list[str] = []  # SOAP operation (or request line) per request
        self.bytes_sent = 0
        self.clock_reads = 0
        # BAD_REDIRECT: the Locations it sends, in turn (tests may narrow them).
        self.locations: tuple[str, ...] = BAD_LOCATIONS
        self.redirects = 0
        self._server: asyncio.Server | None = None
        self._handlers: set[asyncio.Task[None]] = set()

    @property
    def listening(self) -> bool:
        """Whether the port still accepts connections (DISAPPEARING closes it)."""
        return self._server is not None and self._server.is_serving()

    async def start(self) -> None:
        """Bind and serve."""
        self._server = await asyncio.start_server(
            self._handle, self.host, self.port, limit=MAX_REQUEST_HEAD, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close the port and end every connection still being served."""
        if self._server is not None:
            self._server.close()
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.gather(*self._handlers, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 1)
            self._server = None

    async def __aenter__(self) -> HostileCamera:
        """Start on entry."""
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        """Stop on exit."""
        await self.stop()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        self.connections += 1
        try:
            if self.fault in TLS_FAULTS:
                await self._tls(reader, writer)
                return
            request = await _read_request(reader)
            if request is None:
                return
            line, body = request
            found = _OPERATION.search(body)
            operation = found.group(1).decode() if found else line
            self.requests.append(operation)
            await self._respond(operation, writer)
        except ConnectionError:
            pass  # the client gave up: that is what most faults are for
        finally:
            self._handlers.discard(task)
            writer.close()

    async def _send(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        writer.write(data)
        await writer.drain()
        self.bytes_sent += len(data)

    async def _respond(self, operation: str, writer: asyncio.StreamWriter) -> None:
        match self.fault:
            case Fault.RESET:
                await self._send(writer, _http("200 OK", _envelope("x" * 4000))[:300])
                _reset(writer)
            case Fault.SLOWLORIS:
                await self._send(
                    writer,
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n"
                    b"Content-Length: 1000000\r\n\r\n<",
                )
                while True:
                    await asyncio.sleep(self.drip_interval_s)
                    await self._send(writer, b" ")
            case Fault.HUGE_BODY:
                # No Content-Length (the body ends when the connection does): the client
                # cannot refuse it up front and has to stop reading at its cap.
                await self._send(
                    writer,
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n"
                    b"Connection: close\r\n\r\n",
                )
                chunk = b"<a>" + b"x" * (64 * 1024 - 7) + b"</a>"
                for _ in range(HUGE_BODY_BYTES // len(chunk)):
                    await self._send(writer, chunk)
                await self._send(writer, b" " * (HUGE_BODY_BYTES % len(chunk)))
            case Fault.XML_BOMB:
                await self._send(writer, _http("200 OK", xml_bomb()))
            case Fault.INVALID_UTF8:
                body = _envelope(date_and_time()).replace(b">NTP<", b">NT\xff\xfeP<")
                await self._send(writer, _http("200 OK", body))
            case Fault.WRONG_CONTENT_TYPE:
                page = b"<html><body><form action='/login'>Login</form></body></html>"
                await self._send(writer, _http("200 OK", page, "text/html"))
            case Fault.HTTP_500:
                await self._send(writer, _http("500 Internal Server Error", b"Oops", "text/plain"))
            case Fault.DISAPPEARING:
                await self._disappearing(operation, writer)
            case Fault.CLOCK_JUMP:
                await self._clock_jump(operation, writer)
            case Fault.BAD_REDIRECT:
                await self._bad_redirect(operation, writer)
            case _:
                raise AssertionError(self.fault)

    async def _disappearing(self, operation: str, writer: asyncio.StreamWriter) -> None:
        if operation != "GetSystemDateAndTime" or self._server is None:
            return  # the camera is going away: the connection just closes
        body = _envelope(date_and_time())
        # Stop listening before answering: the next request finds the port closed.
        self._server.close()
        await self._send(writer, _http("200 OK", body))

    async def _clock_jump(self, operation: str, writer: asyncio.StreamWriter) -> None:
        if operation == "GetSystemDateAndTime":
            jump = CLOCK_JUMPS[self.clock_reads % len(CLOCK_JUMPS)]
            self.clock_reads += 1
            await self._send(writer, _http("200 OK", _envelope(date_and_time(jump))))
        elif operation == "GetDeviceInformation":
            await self._send(writer, _http("200 OK", _envelope(_device_information())))
        else:
            await self._send(writer, _not_supported())

    async def _bad_redirect(self, operation: str, writer: asyncio.StreamWriter) -> None:
        if operation.startswith(("GET ", "HEAD ")):
            location = self.locations[self.redirects % len(self.locations)]
            self.redirects += 1
            head = (
                f"HTTP/1.1 302 Found\r\nLocation: {location}\r\n"
                "Content-Length: 0\r\nConnection: close\r\n\r\n"
            )
            await self._send(writer, head.encode())
        elif operation == "GetSystemDateAndTime":
            await self._send(writer, _http("200 OK", _envelope(date_and_time())))
        elif operation == "GetDeviceInformation":
            await self._send(writer, _http("200 OK", _envelope(_device_information())))
        else:
            await self._send(writer, _not_supported())

    async def _tls(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Wait for the ClientHello so the client is mid-handshake when we misbehave.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(reader.read(4096), 2)
        if self.fault is Fault.TLS_GARBAGE:
            await self._send(writer, b"HTTP/1.1 400 Bad Request\r\n\r\nnot TLS \x00\xff" * 8)
        else:
            await self._send(writer, _TLS_HANDSHAKE_FAILURE_ALERT)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST (SO_LINGER 0) instead of an orderly FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


async def _serve(faults: list[Fault], host: str) -> None:
    cameras = [HostileCamera(fault, host) for fault in faults]
    for camera in cameras:
        await camera.start()
        line = {"fault": camera.fault.value, "address": host, "port": camera.port}
        sys.stdout.write(json.dumps(line) + "\n")
    sys.stdout.flush()
    try:
        await asyncio.Event().wait()
    finally:
        for camera in cameras:
            await camera.stop()


def main(argv: list[str] | None = None) -> int:
    """`python -m camsim.hostile [FAULT ...]`: serve hostile cameras until interrupted."""
    parser = argparse.ArgumentParser(prog="camsim.hostile", description=__doc__)
    parser.add_argument("faults", nargs="*", choices=[f.value for f in Fault], default=[])
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args(argv)
    faults = [Fault(name) for name in args.faults] or list(Fault)
    # A shell starts background jobs with SIGINT ignored, and Python then installs no
    # KeyboardInterrupt handler: "until interrupted" must hold for `... &` launches too.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(faults, args.bind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
