"""Import the integration's blueprint automation(s) into the demo, when the repo has any."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .hass_api import HassClient, HassError

BLUEPRINT_FOLDER = Path("blueprints") / "automation" / "camera_posture"


def link_blueprints(project: Path, config_dir: Path) -> bool:
    """Copy the repo's blueprints into the config dir; False when there are none.

    A copy, not a symlink: Home Assistant finds blueprints with a recursive glob, which
    does not follow symlinked folders.
    """
    source = project / BLUEPRINT_FOLDER
    if not source.is_dir():
        return False
    target = config_dir / BLUEPRINT_FOLDER
    if target.is_symlink():
        target.unlink()
    shutil.copytree(source, target, dirs_exist_ok=True)
    return True


def _inputs(metadata: dict[str, Any]) -> dict[str, Any] | None:
    """Default value of every input, or None when one has no default to fall back on."""
    values: dict[str, Any] = {}
    declared: dict[str, Any] = dict(metadata.get("input") or {})
    # Inputs may be grouped in sections: {"section": {"input": {...}}}.
    for name, spec in list(declared.items()):
        if isinstance(spec, dict) and "input" in spec:
            declared.pop(name)
            declared.update(spec["input"])
    for name, spec in declared.items():
        if not isinstance(spec, dict) or "default" not in spec:
            return None
        values[name] = spec["default"]
    return values


async def install_blueprint_automations(client: HassClient) -> tuple[list[str], list[str]]:
    """Create one automation per camera_posture blueprint whose inputs all have defaults.

    Returns (created, needs_input): blueprints that need a choice only a user can make
    (e.g. which phone to notify) stay available in Settings -> Blueprints.
    """
    blueprints = await client.ws({"type": "blueprint/list", "domain": "automation"})
    created: list[str] = []
    needs_input: list[str] = []
    for path, info in sorted(blueprints.items()):
        if not path.startswith("camera_posture/") or "error" in info:
            continue
        metadata = info.get("metadata") or {}
        inputs = _inputs(metadata)
        if inputs is None:
            needs_input.append(path)
            continue
        automation_id = "camera_posture_demo_" + Path(path).stem
        body = {
            "alias": metadata.get("name", "Camera posture"),
            "description": "Created by the Camera Posture demo from the integration's blueprint.",
            "use_blueprint": {"path": path, "input": inputs},
        }
        try:
            await client.request("POST", f"/api/config/automation/config/{automation_id}", body)
        except HassError:
            continue
        created.append(path)
    return created, needs_input
