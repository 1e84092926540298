"""The personas' ground truth as a Markdown table (`camsim --personas-table`).

The README's persona table is generated with it, so it never drifts from the code.
"""

from __future__ import annotations

from .persona import PERSONAS, Persona

COLUMNS = (
    "persona",
    "model",
    "firmware",
    "default pw",
    "cloud",
    "UPnP",
    "telnet",
    "SSH",
    "HTTPS only",
    "anon. RTSP",
    "anon. ONVIF",
    "time synced",
    "lockout",
    "services (standard ports)",
)


def _yes(value: object) -> str:
    if value is None:
        return "-"
    return "yes" if value else "no"


def _lockout(persona: Persona) -> str:
    rule = persona.lockout
    if rule is None:
        return "none"
    text = f"{rule.threshold} failures per {rule.scope}, {rule.duration_s:g} s"
    return text + (", timer restarts" if rule.restart_on_attempt else "")


def _services(persona: Persona) -> str:
    ports = {"http": persona.services.get("http", 80), **persona.services}
    if persona.telnet:
        ports.setdefault("telnet", 23)
    if persona.ssh:
        ports.setdefault("ssh", 22)
    return ", ".join(f"{name} {port}" for name, port in ports.items())


def row(persona: Persona) -> list[str]:
    """One table row: the persona's ground truth at start."""
    truth = persona.truth()
    return [
        f"`{persona.name}`",
        f"{persona.manufacturer} {persona.model}",
        persona.firmware,
        _yes(truth["default_password"]),
        _yes(truth["cloud_access"]),
        _yes(truth["upnp"]),
        _yes(truth["telnet"]),
        _yes(truth["ssh"]),
        _yes(truth["https_only"]),
        _yes(truth["rtsp_anonymous"]),
        _yes(truth["onvif_anonymous"]),
        _yes(truth["time_synced"]),
        _lockout(persona),
        _services(persona),
    ]


def markdown() -> str:
    """The table of every persona, one row each, sorted by name."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for name in sorted(PERSONAS):
        cells = [cell.replace("|", "\\|") for cell in row(PERSONAS[name].persona())]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
