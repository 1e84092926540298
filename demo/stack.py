"""Run the demo: simulated fleet + Home Assistant + the integration, set up by API.

    python -m demo.stack [--state-dir .demo] [--port 8123] [--control-port 8130]
                         [--skip-persona NAME] [--no-wait]

Prints progress lines, then one JSON line {"ready": true, "url", "cameras", ...} when
everything is up (tests read it), and runs until SIGINT/SIGTERM, then stops the fleet
and Home Assistant. Run again with the same state dir, it reuses what exists.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from pathlib import Path
from string import Template

import aiohttp

from .blueprint import install_blueprint_automations, link_blueprints
from .dashboard import DASHBOARD_URL_PATH, install_dashboard
from .fleet import FIRST_ADDRESS, Fleet, FleetCamera
from .hass_api import DEMO_PASSWORD, DEMO_USERNAME, HassClient, HassError
from .onboarding import remove_stand_ins, write_stand_ins

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("configuration.yaml")


def say(text: str) -> None:
    """Progress for the person running the demo (stderr keeps stdout machine-readable)."""
    sys.stderr.write(f"[demo] {text}\n")
    sys.stderr.flush()


def prepare_config(config_dir: Path, port: int) -> None:
    """Write configuration.yaml and link the integration from the working tree."""
    config_dir.mkdir(parents=True, exist_ok=True)
    # Home Assistant 2026.10 moves `http:` from YAML into storage on the first start (a
    # trial the demo then confirms by API); later starts must not list it again, so a
    # later --port is written into that storage (Home Assistant is stopped now).
    stored_http = config_dir / ".storage" / "http"
    if stored_http.exists():
        http = ""
        follow_port(stored_http, port)
    else:
        http = f"http:\n  server_host: 127.0.0.1\n  server_port: {port}\n"
    rendered = Template(TEMPLATE.read_text()).substitute(port=port, http=http)
    (config_dir / "configuration.yaml").write_text(rendered)
    automations = config_dir / "automations.yaml"
    if not automations.exists():
        automations.write_text("[]\n")
    link = config_dir / "custom_components" / "camera_posture"
    link.parent.mkdir(exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(PROJECT / "custom_components" / "camera_posture", target_is_directory=True)


def follow_port(stored_http: Path, port: int) -> None:
    """Point Home Assistant's stored http settings at `port`.

    Without this, a state directory first started on another port would serve there
    while the demo waited on the new one, forever.
    """
    stored = json.loads(stored_http.read_text())
    stable = stored.get("data", {}).get("stable") or {}
    if stable.get("server_port") != port:
        stable["server_port"] = port
        stored_http.write_text(json.dumps(stored, indent=2) + "\n")


def keep_out_of_git(state_dir: Path) -> None:
    """Create the state dir; wherever it is (--state-dir), git ignores what is in it."""
    state_dir.mkdir(parents=True, exist_ok=True)
    ignore = state_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# Written by the Camera Posture demo: state, not sources.\n*\n")


def fleet_moved(previous_json: Path, cameras: list[FleetCamera]) -> bool:
    """Whether any persona now has another address or port than in the last run."""
    try:
        previous = json.loads(previous_json.read_text())
    except OSError, ValueError:
        return False
    before = {c["persona"]: (c["address"], c["port"]) for c in previous}
    return any(before.get(c.persona, (c.address, c.port)) != (c.address, c.port) for c in cameras)


class Stack:
    """The demo's processes and how to set them up."""

    def __init__(self, state_dir: Path, port: int, control_port: int) -> None:
        self.state_dir = state_dir
        self.config_dir = state_dir / "config"
        self.port = port
        self.control_port = control_port
        self.url = f"http://127.0.0.1:{port}"
        self.fleet = Fleet()
        self.hass: asyncio.subprocess.Process | None = None

    async def start_hass(self) -> None:
        """Start `hass` on the demo config; installs nothing (--skip-pip)."""
        prepare_config(self.config_dir, self.port)
        link_blueprints(PROJECT, self.config_dir)
        env = dict(os.environ)
        if (stand_ins := write_stand_ins(self.config_dir)) is not None:
            say("first start: onboarding's weather, radio and TTS flows are declined")
            paths = [str(stand_ins), env.get("PYTHONPATH", "")]
            env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        console = (self.state_dir / "hass-console.log").open("ab")
        self.hass = await asyncio.create_subprocess_exec(
            "hass", "-c", str(self.config_dir), "--skip-pip",
            stdout=console, stderr=console, env=env,
        )  # fmt: skip
        console.close()

    async def bootstrap(
        self, client: HassClient, skip_personas: list[str], *, moved: bool = False
    ) -> dict[str, str]:
        """Onboard, add the fleet through the config flow, install dashboard and blueprint.

        `moved`: the fleet runs on other addresses than last time, so the stored entries
        point at nothing; remove them and add the cameras again.
        """
        await client.wait_until_up()
        if await client.onboard_or_login():
            say(f"onboarding done: user {DEMO_USERNAME!r} created")
        else:
            say("already onboarded: logged in as the demo user")
        await client.wait_until_running()
        await client.settle_after_onboarding()
        if moved:
            removed = await client.remove_entries("camera_posture")
            say(f"the fleet moved to other addresses: removed {removed} old camera entries")
        outcomes: dict[str, str] = {}  # persona -> config flow outcome
        for camera in self.fleet.cameras:
            if camera.persona in skip_personas:
                continue
            outcome = await client.add_camera(
                camera.address, camera.port, camera.username, camera.password
            )
            say(f"camera {camera.persona} at {camera.address}:{camera.port}: {outcome}")
            outcomes[camera.persona] = outcome
        await install_dashboard(client)
        created, needs_input = await install_blueprint_automations(client)
        if created:
            say(f"blueprint automation(s) created: {', '.join(created)}")
        if needs_input:
            say(
                f"blueprint(s) {', '.join(needs_input)} need a choice (e.g. a phone to notify): "
                "create the automation from Settings -> Automations -> Blueprints"
            )
        if not created and not needs_input:
            say("no camera_posture blueprint to import (blueprints/automation/camera_posture/)")
        # The default policy confirms a finding with a second audit before telling anyone;
        # run it now so the first audits' findings are in Settings -> Repairs (and the
        # blueprint's notifications) when the demo is opened, not ten minutes later.
        try:
            audited = await client.audit_all("camera_posture")
        except HassError as err:  # a camera that cannot be audited says so in HA itself
            say(f"confirming audit: {err}")
        else:
            say(
                f"confirming audit of {audited} camera(s) done: findings are in Settings -> Repairs"
            )
        # Onboarding's flows ran long ago (they start when its core_config step is posted).
        remove_stand_ins(self.config_dir)
        return outcomes

    async def stop(self) -> None:
        """Stop Home Assistant (it saves its state on SIGTERM), then the fleet."""
        if self.hass is not None and self.hass.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.hass.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.hass.wait(), 30)
            except TimeoutError:
                self.hass.kill()
                await self.hass.wait()
        await self.fleet.stop()


async def run(args: argparse.Namespace) -> int:
    """Start everything, report, then serve until stopped."""
    started = time.monotonic()
    state_dir = Path(args.state_dir).resolve()  # noqa: ASYNC240 - once, at start-up
    keep_out_of_git(state_dir)
    stack = Stack(state_dir, args.port, args.control_port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stack.fleet.start(
            first_address=args.first_address,
            random_ports=args.random_ports,
            control_port=args.control_port,
            log_path=str(state_dir / "camsim.log"),
        )
        say(f"fleet: {len(stack.fleet.cameras)} simulated cameras")
        moved = fleet_moved(state_dir / "fleet.json", stack.fleet.cameras)
        (state_dir / "fleet.json").write_text(
            json.dumps([c.as_json() for c in stack.fleet.cameras], indent=2) + "\n"
        )
        await stack.start_hass()
        say(f"Home Assistant starting on {stack.url} (log: {stack.config_dir}/home-assistant.log)")
        async with aiohttp.ClientSession() as session:
            client = HassClient(session, stack.url)
            setup = asyncio.ensure_future(stack.bootstrap(client, args.skip_persona, moved=moved))
            waiter = asyncio.ensure_future(stop.wait())
            await asyncio.wait({setup, waiter}, return_when=asyncio.FIRST_COMPLETED)
            if not setup.done():
                setup.cancel()
                return 130
            waiter.cancel()
            outcomes = setup.result()
            await client.close()
        ready = {
            "ready": True,
            "url": stack.url,
            "dashboard": f"{stack.url}/{DASHBOARD_URL_PATH}/cameras",
            "username": DEMO_USERNAME,
            "password": DEMO_PASSWORD,
            "cameras": [
                {**c.as_json(), "configured": outcomes.get(c.persona)} for c in stack.fleet.cameras
            ],
            "seconds": round(time.monotonic() - started, 1),
        }
        sys.stdout.write(json.dumps(ready) + "\n")
        sys.stdout.flush()
        say(f"ready in {ready['seconds']} s")
        say(f"open {ready['dashboard']}  (login: {DEMO_USERNAME} / {DEMO_PASSWORD})")
        for camera in stack.fleet.cameras:
            control = f"  control {camera.control}" if camera.control else ""
            say(f"  {camera.persona:<18} {camera.address}:{camera.port}{control}")
        say("Ctrl-C stops the demo")
        if args.no_wait:
            return 0
        await stop.wait()
        return 0
    finally:
        say("stopping Home Assistant and the fleet")
        await stack.stop()


def main(argv: list[str] | None = None) -> int:
    """Entry point: `python -m demo.stack`."""
    parser = argparse.ArgumentParser(prog="demo.stack", description=__doc__)
    parser.add_argument("--state-dir", default=str(PROJECT / ".demo"))
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("CAMERA_POSTURE_DEMO_PORT", "8123")),
        help="Home Assistant's HTTP port (default 8123, or $CAMERA_POSTURE_DEMO_PORT)",
    )
    parser.add_argument(
        "--control-port", type=int, default=8130, help="simulator control API port (fleet)"
    )
    parser.add_argument(
        "--skip-persona",
        action="append",
        default=[],
        metavar="NAME",
        help="leave this persona's camera unconfigured (the browser test adds it); repeatable",
    )
    parser.add_argument("--first-address", default=FIRST_ADDRESS, help="first camera's address")
    parser.add_argument(
        "--random-ports", action="store_true", help="cameras on free ports instead of 80..."
    )
    parser.add_argument("--no-wait", action="store_true", help="stop once set up")
    return asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    sys.exit(main())
