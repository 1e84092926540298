"""A wrong password costs every camera exactly one failed login, and never leaks.

One test for every persona (it was copied into each vendor's test file before): the
engine sends the rejected credentials once, raises InvalidAuth without the secret in
its message, and takes nothing over.
"""

from __future__ import annotations

import pytest

from camsim.persona import PERSONAS
from custom_components.camera_posture.posture.errors import InvalidAuth

from .helpers import outcomes, run_audit, running

SECRET = "Wr0ng-Secret-9"


@pytest.mark.parametrize("persona", sorted(PERSONAS))
async def test_wrong_password_costs_exactly_one_failed_login(persona: str) -> None:
    async with running(persona) as camera:
        with pytest.raises(InvalidAuth) as raised:
            await run_audit(camera, password=SECRET)
    assert SECRET not in str(raised.value)
    assert "pwd=" not in str(raised.value)
    assert outcomes(camera) == ["failed"]
    assert camera.takeovers == []
