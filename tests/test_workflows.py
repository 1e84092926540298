"""The CI workflow parses and runs the ecosystem's validators and the project's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORKFLOWS = Path(__file__).parents[1] / ".github" / "workflows"


def _workflows() -> dict[str, dict[Any, Any]]:
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted(WORKFLOWS.glob("*.y*ml"))}


def _steps() -> list[dict[str, Any]]:
    return [
        step
        for workflow in _workflows().values()
        for job in workflow["jobs"].values()
        for step in job["steps"]
    ]


def test_workflows_are_valid_yaml_with_triggers_and_jobs() -> None:
    workflows = _workflows()
    assert workflows
    for name, workflow in workflows.items():
        # YAML 1.1 reads the bare key `on` as True.
        triggers = workflow["on"] if "on" in workflow else workflow[True]
        assert {"push", "pull_request"} <= set(triggers), name
        for job_id, job in workflow["jobs"].items():
            assert job["runs-on"].startswith("ubuntu"), job_id
            assert all("uses" in step or "run" in step for step in job["steps"]), job_id


def test_hassfest_and_hacs_actions_validate_the_integration() -> None:
    uses = {step["uses"].partition("@")[0]: step for step in _steps() if "uses" in step}
    assert "home-assistant/actions/hassfest" in uses
    assert uses["hacs/action"]["with"]["category"] == "integration"


def test_the_test_job_runs_scripts_test_on_python_3_14() -> None:
    jobs = [
        job
        for workflow in _workflows().values()
        for job in workflow["jobs"].values()
        if any(step.get("run") == "./scripts/test" for step in job["steps"])
    ]
    assert len(jobs) == 1
    python = [s for s in jobs[0]["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    # A string: unquoted 3.14 would be the float 3.14 (and 3.10 would become 3.1).
    assert python[0]["with"]["python-version"] == "3.14"
