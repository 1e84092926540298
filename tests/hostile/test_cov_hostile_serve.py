"""`python -m camsim.hostile` serving loop: announces each camera, closes them on stop."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest

from camsim.hostile import Fault, _serve


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
