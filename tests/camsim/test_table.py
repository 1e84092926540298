"""The personas table the README shows is generated from the personas' ground truth."""

from __future__ import annotations

from camsim import cli, table
from camsim.lock import Lockout
from camsim.persona import PERSONAS

from .conftest import generic


def test_table_has_one_row_per_persona(capsys) -> None:
    assert cli.main(["--personas-table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + len(PERSONAS)
    assert lines[1] == "|" + "---|" * len(table.COLUMNS)
    assert all(line.count(" | ") == len(table.COLUMNS) - 1 for line in [lines[0], *lines[2:]])
    assert sorted(line.split(" | ")[0].removeprefix("| ") for line in lines[2:]) == [
        f"`{name}`" for name in sorted(PERSONAS)
    ]


def test_row_reports_truth_and_lockout() -> None:
    persona = generic(
        telnet=False,
        ssh=True,
        lockout=Lockout(threshold=5, duration_s=1800, restart_on_attempt=True),
        services={"rtsp": 554, "sdk": 8000},
    )
    cells = dict(zip(table.COLUMNS, table.row(persona), strict=True))
    assert cells["telnet"] == "no"
    assert cells["SSH"] == "yes"
    assert cells["anon. RTSP"] == ("yes" if persona.rtsp_anonymous else "no")
    assert cells["lockout"] == "5 failures per client, 1800 s, timer restarts"
    assert cells["services (standard ports)"] == "http 80, rtsp 554, sdk 8000, ssh 22"


def test_row_shows_a_dash_where_the_check_cannot_apply() -> None:
    # Without ONVIF, "anonymous ONVIF" is neither yes nor no.
    cells = dict(zip(table.COLUMNS, table.row(generic(onvif=False)), strict=True))
    assert cells["anon. ONVIF"] == "-"
    assert cells["lockout"] == "none"
