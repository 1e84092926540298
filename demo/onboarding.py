"""Stand-ins for the integrations Home Assistant's onboarding starts by itself.

Finishing onboarding's core_config step starts config flows for google_translate, met and
radio_browser (a list hard-coded in homeassistant/components/onboarding/views.py, with
shopping_list, which works as is; no setting or API turns them off). The demo installs
nothing (`hass --skip-pip`) and may run offline, so those flows only log import errors
with tracebacks (met, radio_browser) or set up an entry that fails (google_translate).

Until onboarding is done, a stand-in custom integration of each name declines those flows
(Home Assistant logs one "custom integration" warning per stand-in, no error); once it is
done they are removed, so later starts use Home Assistant's own, which nothing sets up.
They live in their own folder on Home Assistant's PYTHONPATH, not in the config's
custom_components: with the project installed, `custom_components` is a namespace package
and Home Assistant only sees the config folder's part of it while it mounts it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

STAND_INS = ("google_translate", "met", "radio_browser")

_CONFIG_FLOW = '''"""Camera Posture demo stand-in, see demo/onboarding.py."""

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult


class StandInFlow(ConfigFlow, domain="{domain}"):
    """Declines every flow: this integration is not part of the demo."""

    async def async_step_onboarding(self, data=None) -> ConfigFlowResult:
        return self.async_abort(reason="not_in_demo")

    async def async_step_user(self, user_input=None) -> ConfigFlowResult:
        return self.async_abort(reason="not_in_demo")
'''


def onboarded(config_dir: Path) -> bool:
    """Whether onboarding's core_config step (the one that starts the flows) is done."""
    try:
        stored = json.loads((config_dir / ".storage" / "onboarding").read_text())
    except OSError, ValueError:
        return False
    return "core_config" in stored.get("data", {}).get("done", [])


def stand_in_root(config_dir: Path) -> Path:
    """The folder put on Home Assistant's PYTHONPATH (holds custom_components/<domain>)."""
    return config_dir.parent / "onboarding-stand-ins"


def write_stand_ins(config_dir: Path) -> Path | None:
    """Put the stand-ins in place before a start that will onboard; their root if it did."""
    if onboarded(config_dir):
        remove_stand_ins(config_dir)
        return None
    for domain in STAND_INS:
        folder = stand_in_root(config_dir) / "custom_components" / domain
        folder.mkdir(parents=True, exist_ok=True)
        manifest = {
            "domain": domain,
            "name": f"{domain} (declined by the Camera Posture demo)",
            "codeowners": [],
            "config_flow": True,
            "documentation": "https://www.home-assistant.io/integrations/",
            "iot_class": "local_polling",
            "version": "0.0.0",
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
        (folder / "__init__.py").write_text('"""Camera Posture demo stand-in."""\n')
        (folder / "config_flow.py").write_text(_CONFIG_FLOW.format(domain=domain))
    return stand_in_root(config_dir)


def remove_stand_ins(config_dir: Path) -> None:
    """Onboarding is done: Home Assistant's own integrations of these names apply again."""
    shutil.rmtree(stand_in_root(config_dir), ignore_errors=True)
