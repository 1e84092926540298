"""The posture dashboard: one section per camera with the integration's entities.

Built from Home Assistant's device and entity registries, so it shows whatever entities
the integration provides (problem binary sensors first), and saved through the
Lovelace WebSocket API both as its own dashboard and as the default (Overview) one.
"""

from __future__ import annotations

from typing import Any

from .hass_api import HassClient

DOMAIN = "camera_posture"
DASHBOARD_URL_PATH = "camera-posture"
# Problems first: a reader should see what is wrong before what is fine.
_DOMAIN_ORDER = {"binary_sensor": 0, "sensor": 1, "update": 2, "event": 3, "button": 4}


def _sort_key(entity: dict[str, Any]) -> tuple[int, int, str]:
    domain = entity["entity_id"].split(".", 1)[0]
    diagnostic = 1 if entity.get("entity_category") else 0
    return (diagnostic, _DOMAIN_ORDER.get(domain, 9), entity["entity_id"])


def build_config(devices: list[dict[str, Any]], entities: list[dict[str, Any]]) -> dict[str, Any]:
    """Lovelace config: a summary section, then one section per camera."""
    ours = [e for e in entities if e.get("platform") == DOMAIN and not e.get("disabled_by")]
    binary = [e for e in ours if e["entity_id"].startswith("binary_sensor.")]
    # Each camera's "Reachability" sensor: on while it cannot be audited, listing the
    # checks its last completed audit found failing (its check sensors are unavailable).
    links = [e["entity_id"] for e in binary if e.get("translation_key") == "reachability"]
    problems = [e["entity_id"] for e in binary if e["entity_id"] not in links]
    summary_md = (
        "{% set bad = expand(" + repr(problems) + ") | selectattr('state', 'eq', 'on') | list %}"
        "{% set lost = expand(" + repr(links) + ") | selectattr('state', 'eq', 'on') | list %}"
        "**{{ bad | count }}** open finding(s) across **" + str(len(devices)) + "** camera(s), "
        "**{{ lost | count }}** unreachable."
        "{% for s in bad %}\n- {{ s.name }}{% endfor %}"
        "{% for r in lost %}\n- {{ device_attr(r.entity_id, 'name') }} is unreachable; "
        "last known (stale): {{ r.attributes.last_known_failing"
        " | map('state_attr', 'friendly_name') | join(', ') or 'no failing check' }}"
        "{% endfor %}"
        if problems
        else f"**{len(devices)}** camera(s) audited. Posture checks appear here as they land."
    )
    sections: list[dict[str, Any]] = [
        {
            "type": "grid",
            "cards": [
                {"type": "heading", "heading": "Camera posture", "icon": "mdi:shield-check"},
                {"type": "markdown", "content": summary_md},
            ],
        }
    ]
    for device in sorted(devices, key=lambda d: d.get("name_by_user") or d.get("name") or ""):
        cards: list[dict[str, Any]] = [
            {
                "type": "heading",
                "heading": device.get("name_by_user") or device.get("name") or "Camera",
                "icon": "mdi:cctv",
            }
        ]
        for entity in sorted(
            (e for e in ours if e.get("device_id") == device["id"]), key=_sort_key
        ):
            card: dict[str, Any] = {"type": "tile", "entity": entity["entity_id"]}
            # The section heading names the camera; the tile only needs the check's name.
            if name := entity.get("name") or entity.get("original_name"):
                card["name"] = name
            cards.append(card)
        sections.append({"type": "grid", "cards": cards})
    return {
        "title": "Camera posture",
        "views": [
            {
                "title": "Cameras",
                "path": "cameras",
                "icon": "mdi:cctv",
                "type": "sections",
                "max_columns": 4,
                "sections": sections,
            }
        ],
    }


async def install_dashboard(client: HassClient) -> None:
    """Create (or refresh) the posture dashboard and make it the default one too."""
    config_entries = await client.ws({"type": "config_entries/get", "domain": DOMAIN})
    entry_ids = {entry["entry_id"] for entry in config_entries}
    devices = [
        d
        for d in await client.ws({"type": "config/device_registry/list"})
        if entry_ids & set(d.get("config_entries") or [])
    ]
    entities = await client.ws({"type": "config/entity_registry/list"})
    config = build_config(devices, entities)
    dashboards = await client.ws({"type": "lovelace/dashboards/list"})
    if not any(d.get("url_path") == DASHBOARD_URL_PATH for d in dashboards):
        await client.ws(
            {
                "type": "lovelace/dashboards/create",
                "url_path": DASHBOARD_URL_PATH,
                "title": "Camera posture",
                "icon": "mdi:cctv",
                "show_in_sidebar": True,
                "require_admin": False,
                "mode": "storage",
            }
        )
    await client.ws(
        {"type": "lovelace/config/save", "url_path": DASHBOARD_URL_PATH, "config": config}
    )
    await client.ws({"type": "lovelace/config/save", "config": config})
