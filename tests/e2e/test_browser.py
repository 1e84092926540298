"""End to end in a real browser: the demo's Home Assistant, driven like a user would.

Runs Debian's Chromium through Playwright (executable_path; no browser download).
Screenshots go to test-output/e2e/.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

playwright_api = pytest.importorskip("playwright.sync_api")

from demo.dashboard import install_dashboard  # noqa: E402

from .conftest import CHROMIUM_ARGS, PROJECT, UI_PERSONA  # noqa: E402
from .helpers import (  # noqa: E402
    OUTPUT,
    call_hass,
    device_of_entry,
    fill_placeholders,
    in_thread,
    login,
    our_entries,
    shot,
    visible_entities,
    ws,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]


@pytest.fixture
def page(chromium_path: str, tmp_path: Path) -> Iterator[Any]:
    """A fresh Chromium profile and page."""
    with playwright_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium_path,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        yield page
        context.close()


def test_add_camera_through_the_ui(stack: dict[str, Any], page: Any) -> None:
    """Log in, add a camera with the config flow, see its device and posture entities."""
    url = stack["url"]
    # The stack leaves this camera to the test.
    camera = next(c for c in stack["cameras"] if c["persona"] == UI_PERSONA)
    before = {e["entry_id"] for e in our_entries(url)}

    login(page, url)
    page.goto(f"{url}/config/integrations/dashboard")
    page.get_by_role("button", name="Add integration").click()
    page.wait_for_timeout(500)  # the dialog focuses its search field when it opens
    page.keyboard.type("Camera Posture")
    page.locator("ha-integration-list-item", has_text="Camera Posture").first.click()
    page.locator("input[name=host]").wait_for()
    shot(page, "01-config-flow")
    page.locator("input[name=host]").fill(camera["address"])
    page.get_by_role("spinbutton").first.fill(str(camera["port"]))
    page.locator("input[name=username]").fill(camera["username"])
    page.locator("input[name=password]").fill(camera["password"])
    page.get_by_role("button", name="Submit").click()

    # The dialog's request returns once the entry's first audit is done; navigating away
    # earlier would abort that request and with it the setup, which no user does. So wait
    # for the entry to be loaded (an audit includes probes that may wait for an answer).
    deadline = time.monotonic() + 60
    while not (
        new := [
            e
            for e in our_entries(url)
            if e["entry_id"] not in before and e["state"] != "setup_in_progress"
        ]
    ):
        assert time.monotonic() < deadline, "the config flow created no loaded entry"
        page.wait_for_timeout(500)
    entry = new[0]
    assert entry["state"] == "loaded"
    shot(page, "02-flow-done")
    finish = page.get_by_role("button", name=re.compile("finish", re.IGNORECASE))
    if finish.count():
        finish.first.click()

    # Settings -> Devices & services -> Camera Posture
    page.goto(f"{url}/config/integrations/dashboard")
    page.locator("ha-integration-card", has_text="Camera Posture").first.click()
    page.wait_for_url(re.compile(r"/config/integrations/integration/camera_posture"))
    page.get_by_text(entry["title"]).first.wait_for()
    shot(page, "03-integration")

    device = device_of_entry(url, entry["entry_id"])
    entities = visible_entities(url, device["id"])
    assert entities, "the camera's device has no entities"
    page.goto(f"{url}/config/devices/device/{device['id']}")
    page.get_by_text(device["name"]).first.wait_for()
    for entity in entities:
        name = entity.get("name") or entity.get("original_name")
        if name:
            page.get_by_text(name).first.wait_for()
    shot(page, "04-device")


def test_posture_dashboard(stack: dict[str, Any], page: Any) -> None:
    """The demo's dashboard shows a section per configured camera."""
    url = stack["url"]
    # The demo rebuilds the dashboard on each start; do so now for cameras added since.
    call_hass(url, install_dashboard)
    login(page, url)
    page.goto(stack["dashboard"])
    page.get_by_text("Camera posture").first.wait_for()
    for entry in our_entries(url):
        device = device_of_entry(url, entry["entry_id"])
        page.get_by_text(device.get("name_by_user") or device["name"]).first.wait_for()
    page.wait_for_timeout(1000)  # let tiles render their states before the picture
    shot(page, "05-dashboard")
    if os.environ.get("CAMERA_POSTURE_UPDATE_DOCS") == "1":
        (PROJECT / "docs").mkdir(exist_ok=True)
        shutil.copy(OUTPUT / "05-dashboard.png", PROJECT / "docs" / "dashboard.png")


def _repairs(url: str) -> list[dict[str, Any]]:
    issues = ws(url, {"type": "repairs/list_issues"})["issues"]
    return [i for i in issues if i["domain"] == "camera_posture" and not i.get("ignored")]


def test_drift_raises_a_repair(stack: dict[str, Any], page: Any) -> None:
    """Turn a camera's setting bad through the simulator; the repair appears in the UI."""
    url = stack["url"]
    configured = {"created", "already_configured"}
    controlled = [c for c in stack["cameras"] if c.get("control") and c["configured"] in configured]
    # Every demo camera has a control API: none configured is a failure, not a skip.
    assert controlled, stack["cameras"]

    before = {i["issue_id"] for i in _repairs(url)}
    camera, change = _pick_drift(controlled)
    _patch(camera["control"], change)
    # Audit now rather than at the next 10-minute poll, through the integration's service;
    # twice, because the default policy counts a drift after 2 confirming audits.
    devices = [device_of_entry(url, e["entry_id"])["id"] for e in our_entries(url)]
    for _ in range(2):
        call_hass(
            url,
            lambda client: client.request(
                "POST", "/api/services/camera_posture/audit", {"device_id": devices}
            ),
        )

    deadline = time.monotonic() + 60
    while not (new := [i for i in _repairs(url) if i["issue_id"] not in before]):
        assert time.monotonic() < deadline, f"no repair issue after {change} on {camera['persona']}"
        time.sleep(1)

    translations = ws(
        url,
        {"type": "frontend/get_translations", "language": "en", "category": "issues",
         "integration": ["camera_posture"]},
    )["resources"]  # fmt: skip
    issue = new[0]
    key = f"component.camera_posture.issues.{issue['translation_key']}.title"
    title = fill_placeholders(translations[key], issue.get("translation_placeholders"))
    login(page, url)
    page.goto(f"{url}/config/repairs")
    page.get_by_text(title).first.wait_for()
    shot(page, "06-repairs")


def _pick_drift(cameras: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, bool]]:
    """A camera and a PATCH that makes one of its good settings bad.

    Cloud access first: every vendor adapter reads it from the camera's own API. (Telnet
    is seen by probing its port, and this stack's cameras run on random ports the config
    flow does not know.)
    """
    import json  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    truths = []
    for camera in cameras:
        with urllib.request.urlopen(camera["control"], timeout=10) as resp:
            truths.append((camera, json.load(resp)["truth"]))
    for field in ("cloud_access", "upnp", "telnet"):
        for camera, truth in truths:
            if truth.get(field) is False:
                return camera, {"cloud" if field == "cloud_access" else field: True}
    pytest.fail("no fleet camera has cloud, telnet or UPnP off to turn on")


def _patch(control_url: str, change: dict[str, bool]) -> None:
    async def run() -> None:
        async with aiohttp.ClientSession() as session, session.patch(control_url, json=change) as r:
            assert r.status == 200, await r.text()

    in_thread(run)


def _audit(url: str, entry_id: str) -> None:
    device = device_of_entry(url, entry_id)["id"]
    call_hass(
        url,
        lambda client: client.request(
            "POST", "/api/services/camera_posture/audit", {"device_id": [device]}
        ),
    )


def _issue_ids(url: str) -> set[str]:
    return {i["issue_id"] for i in _repairs(url)}


def _wait(condition: Any, what: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(1)


def test_first_audit_repair_and_fix_flow(stack: dict[str, Any], page: Any) -> None:
    """The SmartCam on its factory login has repairs from its first audits; "I fixed it" works.

    Its default password and its vendor cloud are out of policy from the start: no drift is
    needed to be told. The cloud is then turned off through the simulator, the repair's
    "I fixed it" audits the camera, the repair goes, and a reload does not bring it back.
    """
    import json  # noqa: PLC0415
    import urllib.request  # noqa: PLC0415

    url = stack["url"]
    smartcam = next(
        (
            c
            for c in stack["cameras"]
            if c["persona"] == "hanwha_smartcam" and c.get("control") and c["configured"]
        ),
        None,
    )
    # The demo fleet runs every persona once: a missing SmartCam is a failure, not a skip.
    assert smartcam is not None, stack["cameras"]
    with urllib.request.urlopen(smartcam["control"], timeout=10) as resp:
        model = json.load(resp)["persona"]["model"]
    entry = next(e for e in our_entries(url) if model in e["title"])
    password_issue = f"drift_{entry['entry_id']}_default_password"
    cloud_issue = f"drift_{entry['entry_id']}_cloud_access"
    # The stack ran the first audit; the default policy confirms with a second one.
    if not {password_issue, cloud_issue} <= _issue_ids(url):
        _audit(url, entry["entry_id"])
    _wait(
        lambda: {password_issue, cloud_issue} <= _issue_ids(url),
        "no repair for the SmartCam's factory password and cloud from its first audits",
    )
    issues = {i["issue_id"]: i for i in _repairs(url)}
    told = issues[password_issue]["translation_placeholders"]
    assert (told["observed"], told["previous"]) == ("in use", "no earlier audit")

    translations = ws(
        url,
        {"type": "frontend/get_translations", "language": "en", "category": "issues",
         "integration": ["camera_posture"]},
    )["resources"]  # fmt: skip
    titles = {
        issue_id: fill_placeholders(
            translations[
                f"component.camera_posture.issues.{issues[issue_id]['translation_key']}.title"
            ],
            issues[issue_id]["translation_placeholders"],
        )
        for issue_id in (password_issue, cloud_issue)
    }
    login(page, url)
    page.goto(f"{url}/config/repairs")
    page.get_by_text(titles[password_issue]).first.wait_for()
    shot(page, "07-first-audit-repairs")

    # Fix it on the camera, then tell Home Assistant through the repair.
    _patch(smartcam["control"], {"cloud": False})
    page.get_by_text(titles[cloud_issue]).first.click()
    page.get_by_text("Seen now: on. Before: no earlier audit.").first.wait_for()
    shot(page, "08-fix-flow")
    page.get_by_text("I fixed it: audit the camera now").first.click()
    _wait(lambda: cloud_issue not in _issue_ids(url), "the fixed cloud repair stayed")
    shot(page, "09-fixed")

    call_hass(
        url,
        lambda client: client.request(
            "POST", f"/api/config/config_entries/entry/{entry['entry_id']}/reload", {}
        ),
    )
    _wait(
        lambda: (
            next(e for e in our_entries(url) if e["entry_id"] == entry["entry_id"])["state"]
            == "loaded"
        ),
        "the SmartCam entry did not load again",
    )
    ids = _issue_ids(url)
    assert cloud_issue not in ids  # passing: never raised again
    assert password_issue in ids  # still the factory password: still told
