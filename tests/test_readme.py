"""The README and the docs say what the code does: facts that drift are compared with it.

HACS renders the README as the integration's page, so it stays short (at most 300 lines)
and its tables of check ids and options follow the registry and strings.json; the CLI
page names exactly the flags `camera-posture --help` shows; every relative link resolves.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from custom_components.camera_posture import const
from custom_components.camera_posture.posture import cli
from custom_components.camera_posture.posture.checks import CHECKS

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
CLI_DOC = ROOT / "docs" / "cli.md"
CHECKS_DOC = ROOT / "docs" / "checks.md"
STRINGS = json.loads(
    (ROOT / "custom_components" / "camera_posture" / "strings.json").read_text(encoding="utf-8")
)
# Every Markdown page a user or contributor is pointed at.
PAGES = [
    README,
    ROOT / "CONTRIBUTING.md",
    ROOT / "camsim" / "README.md",
    ROOT / "bench" / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
]


def _section(text: str, heading: str) -> str:
    """The body of a `## heading` section (up to the next heading of that level)."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"no section '## {heading}'"
    return match.group(1)


def _rows(section: str) -> list[list[str]]:
    """Table rows of a section as cells, header and rule lines left out."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    return [row for row in rows[2:] if not set("".join(row)) <= set("-: ")]


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([*argv, "--help"])
    assert exit_info.value.code == cli.EXIT_OK
    return capsys.readouterr().out


def _subcommands(capsys: pytest.CaptureFixture[str]) -> set[str]:
    match = re.search(r"\{([a-z,]+)\}", _help([], capsys))
    assert match, "no subcommand list in camera-posture --help"
    return set(match.group(1).split(","))


def _flags(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*[a-z]", text)) - {"--help"}


def test_readme_is_short_enough_for_hacs() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300


def test_readme_names_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "./scripts/demo" in text
    assert "./scripts/test" in text


def test_readme_checks_table_is_the_registry() -> None:
    rows = _rows(_section(README.read_text(encoding="utf-8"), "Checks"))
    ids = [row[0].strip("`") for row in rows]
    assert len(ids) == len(set(ids)), "a check id is listed twice"
    assert set(ids) == set(CHECKS), "README checks table and CHECKS differ"
    for row in rows:
        assert len(row) == 4, row
        assert row[2] == str(CHECKS[row[0].strip("`")].severity), row[0]
        assert row[3], f"{row[0]}: say who can leave it unknown, and why"


def test_checks_doc_table_is_the_registry() -> None:
    rows = _rows(_section(CHECKS_DOC.read_text(encoding="utf-8"), "The checks"))
    names = STRINGS["entity"]["binary_sensor"]
    listed = {row[0].strip("`"): row for row in rows}
    assert len(listed) == len(rows)
    assert set(listed) == set(CHECKS)
    for check_id, row in listed.items():
        assert row[1] == names[check_id]["name"], check_id
        assert row[3] == str(CHECKS[check_id].severity), check_id


def test_readme_options_table_matches_the_options_form() -> None:
    form = STRINGS["options"]["step"]["init"]
    labels = dict(form["data"])
    labels[const.CONF_SEVERITIES] = form["sections"]["severities"]["name"]
    listed = {}
    for row in _rows(_section(README.read_text(encoding="utf-8"), "Options")):
        match = re.fullmatch(r"(.+) \(`(\w+)`(?:, [^)]*)?\)", row[0])
        assert match, f"option cell must read 'Label (`key`)': {row[0]}"
        listed[match.group(2)] = match.group(1)
    assert listed == labels
    # Every stored option is in the table (and so in the form).
    assert set(const.DEFAULT_OPTIONS) | {const.CONF_ROUTER} <= set(listed)


def test_readme_option_defaults_match_const() -> None:
    rows = _rows(_section(README.read_text(encoding="utf-8"), "Options"))
    defaults = {re.findall(r"\(`(\w+)`", row[0])[0]: row[1] for row in rows}
    assert defaults[const.CONF_AUDIT_INTERVAL] == str(const.DEFAULT_AUDIT_MINUTES)
    assert defaults[const.CONF_HYSTERESIS] == str(const.DEFAULT_OPTIONS[const.CONF_HYSTERESIS])
    for key in (const.CONF_ACTIVE_PROBING, const.CONF_CATALOG_FEED, const.CONF_CAMERA_UPDATE_CHECK):
        assert defaults[key] == ("on" if const.DEFAULT_OPTIONS[key] else "off"), key
    assert defaults[const.CONF_REQUIRED_CHECKS] == "all"
    assert const.DEFAULT_OPTIONS[const.CONF_REQUIRED_CHECKS] == list(CHECKS)


def test_cli_doc_names_exactly_the_parsers_flags(capsys: pytest.CaptureFixture[str]) -> None:
    doc = CLI_DOC.read_text(encoding="utf-8")
    commands = _subcommands(capsys)
    flags = set().union(*(_flags(_help([command], capsys)) for command in commands))
    assert _flags(doc) == flags
    named = set(re.findall(r"camera-posture ([a-z]+)", doc))
    assert named == commands


def test_readme_names_only_real_cli_commands_and_flags(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = README.read_text(encoding="utf-8")
    commands = _subcommands(capsys)
    assert set(re.findall(r"camera-posture ([a-z]+)", text)) == commands
    flags = set().union(*(_flags(_help([command], capsys)) for command in commands))
    cli_lines = "\n".join(line for line in text.splitlines() if "./scripts/" not in line)
    assert _flags(cli_lines) <= flags


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_resolve(page: Path) -> None:
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        if "://" in target or target.startswith("mailto:"):
            continue
        assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
