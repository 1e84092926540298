"""The shell helpers of scripts/_lib.sh that decide where things come from."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

PROJECT = Path(__file__).parents[1]
LIB = PROJECT / "scripts" / "_lib.sh"


def _bash(script: str, *args: str) -> str:
    result = subprocess.run(
        ["/bin/bash", "-c", f'source "{LIB}"; {script}', "bash", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.parametrize(
    ("files", "mirror"),
    [
        # One-line format with options; a comment naming another archive is skipped.
        (
            {
                "sources.list": "# deb http://old.example/debian bookworm main\n",
                "sources.list.d/a.list": (
                    "deb [arch=amd64 signed-by=/k.gpg] https://mirror.example/debian/ sid main\n"
                ),
            },
            "https://mirror.example/debian",
        ),
        # deb822, the security archive first: it is not a full mirror.
        (
            {
                "sources.list.d/debian.sources": (
                    "Types: deb\n"
                    "# http://snapshot.example/archive/debian/20250520T000000Z\n"
                    "URIs: http://security.example/debian-security\n"
                    "Suites: trixie-security\n\n"
                    "Types: deb\n"
                    "URIs: http://mirror.example/debian\n"
                    "Suites: trixie\n"
                ),
            },
            "http://mirror.example/debian",
        ),
        # Nothing Debian configured: no mirror, debootstrap picks its default.
        ({"sources.list.d/other.list": "deb http://example.org/ubuntu noble main\n"}, ""),
        ({}, ""),
    ],
)
def test_configured_mirror_reads_apt_sources(
    tmp_path: Path, files: dict[str, str], mirror: str
) -> None:
    (tmp_path / "sources.list.d").mkdir()
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    assert _bash('configured_mirror "$1"', str(tmp_path)).strip() == mirror


def test_scripts_name_no_package_mirror_host() -> None:
    # Any address of a Debian or Ubuntu archive: the machine's configuration decides.
    archive = re.compile(r"https?://[^\s\"')]*(debian|ubuntu)", re.IGNORECASE)
    for path in (PROJECT / "scripts").rglob("*"):
        if path.is_file():
            assert archive.search(path.read_text()) is None, path


def test_password_file_is_passed_as_an_open_descriptor(tmp_path: Path) -> None:
    """The root cannot see ~/pw: the host opens it and hands over /dev/fd/N."""
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n")
    script = (
        'open_password_files "$@"; '
        'for a in "${WITH_OPEN_FILES[@]}"; do printf "%s\\n" "$a"; done; '
        # What the command behind the descriptors reads (as the CLI would).
        'for a in "${WITH_OPEN_FILES[@]}"; do case "$a" in *=/dev/fd/*) cat "${a#*=}";; '
        '/dev/fd/*) cat "$a";; esac; done'
    )
    out = _bash(
        script,
        "audit",
        "cam",
        "--password-file",
        str(secret),
        f"--password-file={secret}",
        "--password-file",
        str(tmp_path / "missing"),
    ).splitlines()
    args, read = out[:7], out[7:]
    assert args[:2] == ["audit", "cam"]
    assert args[2] == "--password-file"
    assert args[3].startswith("/dev/fd/")
    assert args[4].startswith("--password-file=/dev/fd/")
    # An unreadable file stays as given: the CLI reports it (without its content).
    assert args[5:] == ["--password-file", str(tmp_path / "missing")]
    assert "s3cret" not in "\n".join(args)
    assert read == ["s3cret", "s3cret"]
