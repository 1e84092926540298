"""Fixtures of the browser test: the demo stack in a temporary state dir, and Chromium.

The stack runs as a subprocess (`python -m demo.stack`), so Home Assistant, the fleet and
the test's browser each have their own event loop; the phacc `hass` fixture is not used.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_socket

PROJECT = Path(__file__).resolve().parents[2]
OUTPUT = PROJECT / "test-output" / "e2e"
# Away from the demo's own addresses (127.0.0.2...), so a running demo does not collide.
FIRST_ADDRESS = "127.0.0.180"
STACK_TIMEOUT_S = 240
# The camera the test adds through the UI: the baseline persona every tree has.
UI_PERSONA = "onvif_generic"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # tests run as root in the chroot
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    """Debian's Chromium (or $CAMERA_POSTURE_CHROMIUM); None when there is none."""
    candidates = [os.environ.get("CAMERA_POSTURE_CHROMIUM", ""), "chromium", "chromium-browser"]
    for candidate in candidates:
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """No Home Assistant test instance here: the stack runs a real one."""


@pytest.fixture(autouse=True)
def verify_cleanup() -> None:
    """Replace phacc's check for lingering threads, which targets its `hass` instance.

    Playwright's sync API runs its own event loop, whose executor thread may outlive a
    test by a moment; nothing of Home Assistant runs in this process.
    """


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chromium_path() -> str:
    """Path of Chromium, or skip (visibly) when the machine has none."""
    path = find_chromium()
    if path is None:
        pytest.skip(
            "no Chromium: install Debian's chromium (./scripts/setup --browser) to run the "
            "browser test"
        )
    return path


@pytest.fixture(scope="module")
def stack(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The demo stack with every fleet camera but UI_PERSONA's configured (the test adds it)."""
    # Module scope runs before phacc's per-test socket guard is lifted; this fixture only
    # binds to loopback to find free ports.
    pytest_socket.enable_socket()
    state_dir = tmp_path_factory.mktemp("demo-state")
    port = _free_port()
    cmd = [
        sys.executable, "-m", "demo.stack",
        "--state-dir", str(state_dir),
        "--port", str(port),
        "--control-port", str(_free_port()),
        "--first-address", FIRST_ADDRESS,
        "--random-ports",
        "--skip-persona", UI_PERSONA,
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = _read_line(proc, STACK_TIMEOUT_S)
        info = json.loads(line)
        assert info["ready"] is True
        info["state_dir"] = state_dir
        yield info
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        with contextlib.suppress(OSError):
            log = state_dir / "config" / "home-assistant.log"
            OUTPUT.mkdir(parents=True, exist_ok=True)
            shutil.copy(log, OUTPUT / "home-assistant.log")


def _read_line(proc: subprocess.Popen[str], timeout_s: float) -> str:
    """First stdout line of the stack (its ready line), or fail after timeout_s."""
    import selectors  # noqa: PLC0415

    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout_s):
            pytest.fail(f"demo stack not ready after {timeout_s} s")
    line = proc.stdout.readline()
    if not line:
        pytest.fail(f"demo stack exited with {proc.wait()} before it was ready")
    return line
