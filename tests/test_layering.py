"""The posture engine must not import Home Assistant, directly or through a sibling.

The engine is loaded here as a top-level package of its own, with
`homeassistant` made unimportable: any import of Home Assistant, or any
relative import reaching out of posture/ into the integration, fails.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).parents[1] / "custom_components" / "camera_posture" / "posture"

_PROBE = """
import importlib, importlib.util, pkgutil, sys
sys.modules["homeassistant"] = None  # any import of it now raises ImportError
spec = importlib.util.spec_from_file_location(
    "posture", sys.argv[1] + "/__init__.py", submodule_search_locations=[sys.argv[1]]
)
module = importlib.util.module_from_spec(spec)
sys.modules["posture"] = module
spec.loader.exec_module(module)
names = [m.name for m in pkgutil.walk_packages([sys.argv[1]], "posture.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_engine_imports_without_home_assistant() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(ENGINE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 5  # every engine module was imported


def test_engine_source_names_no_home_assistant() -> None:
    offenders = []
    for path in ENGINE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path}: {n}" for n in names if n.split(".")[0] == "homeassistant"]
    assert offenders == []
