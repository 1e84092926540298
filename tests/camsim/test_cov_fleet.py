"""Fleet helpers: loopback address plan, persona plan, open-file limit."""

from __future__ import annotations

import itertools
import resource

import pytest

from camsim.fleet import addresses, persona_names, raise_open_file_limit
from camsim.persona import PERSONAS


def test_addresses_skip_network_and_broadcast_host_parts() -> None:
    plan = list(itertools.islice(addresses("127.0.0.254"), 3))
    assert plan == ["127.0.0.254", "127.0.1.1", "127.0.1.2"]


def test_addresses_stop_at_the_end_of_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        list(addresses("127.255.255.254"))


def test_persona_plan_cycles_and_rejects_an_empty_fleet() -> None:
    names = sorted(PERSONAS)
    assert persona_names("demo") == names
    assert persona_names(str(len(names) + 1)) == [*names, names[0]]
    with pytest.raises(ValueError, match="at least one"):
        persona_names("0")


def test_open_file_limit_never_goes_down() -> None:
    before, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert raise_open_file_limit() >= before
    assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] >= before
