"""`python -m camsim.hostile` serving loop: announces each camera, closes them on stop."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys

import pytest

from camsim.hostile import HUGE_BODY_BYTES, Fault, HostileCamera, _serve


async def test_serve_announces_listening_cameras_and_closes_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    faults = list(Fault)[:2]
    task = asyncio.create_task(_serve(faults, "127.0.0.1"))
    out = ""
    for _ in range(200):
        out += capsys.readouterr().out
        if out.count("\n") >= len(faults):
            break
        await asyncio.sleep(0.01)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["fault"] for line in lines] == [fault.value for fault in faults]
    assert {line["address"] for line in lines} == {"127.0.0.1"}
    _, writer = await asyncio.open_connection("127.0.0.1", lines[0]["port"])
    writer.close()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", lines[0]["port"])


async def test_module_serves_the_named_faults_until_interrupted() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "camsim.hostile", "http_500", "reset", stdout=asyncio.subprocess.PIPE
    )
    try:
        assert proc.stdout is not None
        lines = [json.loads(await asyncio.wait_for(proc.stdout.readline(), 30)) for _ in range(2)]
        assert [line["fault"] for line in lines] == ["http_500", "reset"]
        reader, writer = await asyncio.open_connection("127.0.0.1", lines[0]["port"])
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        answer = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        assert answer.startswith(b"HTTP/1.1 500 ")
    finally:
        proc.send_signal(signal.SIGINT)
        assert await asyncio.wait_for(proc.wait(), 10) == 0


async def test_module_refuses_an_unknown_fault() -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "camsim.hostile", "polite", stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(proc.communicate(), 30)
    assert proc.returncode == 2
    assert b"invalid choice: 'polite'" in stderr


async def test_huge_body_camera_really_sends_ten_megabytes_unannounced() -> None:
    async with HostileCamera(Fault.HUGE_BODY) as camera:
        reader, writer = await asyncio.open_connection(camera.host, camera.port)
        writer.write(b"POST /onvif/device_service HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        size = 0
        while chunk := await asyncio.wait_for(reader.read(1 << 20), 10):
            size += len(chunk)
        writer.close()
    assert b"content-length" not in head.lower()
    assert size == HUGE_BODY_BYTES
    assert camera.bytes_sent == len(head) + size


async def test_client_leaving_mid_body_is_no_request() -> None:
    async with HostileCamera(Fault.HTTP_500) as camera:
        _, writer = await asyncio.open_connection(camera.host, camera.port)
        writer.write(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n<s:Envelope")
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        for _ in range(200):
            if camera.connections:
                break
            await asyncio.sleep(0.01)
        # Give the camera a moment to read up to the end of the stream.
        await asyncio.sleep(0.2)
    assert camera.connections == 1
    assert camera.requests == []
    assert camera.bytes_sent == 0
