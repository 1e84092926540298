"""The demo's state: kept out of git wherever it is, first start without onboarding errors."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from demo.onboarding import STAND_INS, onboarded, remove_stand_ins, write_stand_ins
from demo.stack import keep_out_of_git, prepare_config


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_any_state_dir_is_ignored_by_git(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    state = tmp_path / "elsewhere" / "demo-state"
    keep_out_of_git(state)
    (state / "config").mkdir()
    (state / "config" / "configuration.yaml").write_text("{}\n")
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert status.stdout == ""
    keep_out_of_git(state)  # a second run keeps the file as it is
    assert (state / ".gitignore").read_text().endswith("*\n")


def _onboard(config_dir: Path, done: list[str]) -> None:
    (config_dir / ".storage").mkdir(parents=True, exist_ok=True)
    stored = {"version": 4, "key": "onboarding", "data": {"done": done}}
    (config_dir / ".storage" / "onboarding").write_text(json.dumps(stored))


def test_stand_ins_decline_onboarding_flows_until_onboarding_is_done(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    root = write_stand_ins(config)
    assert root is not None
    for domain in STAND_INS:
        folder = root / "custom_components" / domain
        manifest = json.loads((folder / "manifest.json").read_text())
        # Home Assistant loads a custom integration only with a version.
        assert manifest["domain"] == domain
        assert manifest["version"]
        assert manifest["config_flow"] is True
        flow = ast.parse((folder / "config_flow.py").read_text())
        steps = {
            node.name
            for node in ast.walk(flow)
            if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("async_step_")
        }
        assert steps == {"async_step_onboarding", "async_step_user"}
        assert f'domain="{domain}"' in (folder / "config_flow.py").read_text()
    # The user step alone is not the one that starts the flows.
    _onboard(config, ["user"])
    assert not onboarded(config)
    _onboard(config, ["user", "core_config", "analytics", "integration"])
    assert onboarded(config)
    remove_stand_ins(config)
    assert not root.exists()
    # Later starts of an onboarded demo get none.
    assert write_stand_ins(config) is None
    assert not root.exists()


def test_unreadable_onboarding_state_is_not_onboarded(tmp_path: Path) -> None:
    (tmp_path / ".storage").mkdir()
    (tmp_path / ".storage" / "onboarding").write_text("{not json")
    assert not onboarded(tmp_path)


def test_a_reused_state_dir_follows_a_new_port(tmp_path: Path) -> None:
    # Home Assistant keeps `http:` in .storage after the first start; the demo started
    # again with another --port must move it there, or it would wait on a port never served.
    config = tmp_path / "config"
    prepare_config(config, 8127)
    assert "server_port: 8127" in (config / "configuration.yaml").read_text()
    stored = {
        "version": 2,
        "key": "http",
        "data": {"stable": {"server_port": 8127, "server_host": ["127.0.0.1"]}, "pending": None},
    }
    (config / ".storage").mkdir()
    (config / ".storage" / "http").write_text(json.dumps(stored))
    prepare_config(config, 8128)
    assert "server_port" not in (config / "configuration.yaml").read_text()
    moved = json.loads((config / ".storage" / "http").read_text())
    assert moved["data"]["stable"] == {"server_port": 8128, "server_host": ["127.0.0.1"]}
