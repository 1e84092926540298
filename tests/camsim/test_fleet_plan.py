"""Fleet helpers: loopback address plan, persona plan, open-file limit."""

from __future__ import annotations

import itertools
import os
import resource
import socket

import pytest

from camsim.fleet import (
    UNPRIVILEGED_OFFSET,
    addresses,
    build,
    persona_names,
    raise_open_file_limit,
    start,
    stop,
)
from camsim.persona import PERSONAS

from .helpers import refuses


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


def test_open_file_limit_is_raised_to_the_hard_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    lowered = min(soft, hard - 1) if hard != resource.RLIM_INFINITY else soft
    resource.setrlimit(resource.RLIMIT_NOFILE, (lowered, hard))
    try:
        raised = raise_open_file_limit()
        assert raised > lowered
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (raised, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


async def test_fleet_uses_real_ports_as_root_and_shifted_ones_otherwise(
    loopback_subnet: None,
) -> None:
    members = build("1", first_address="127.0.79.2")
    (member,) = members
    await start(members)
    try:
        expected = 80 if os.geteuid() == 0 else 80 + UNPRIVILEGED_OFFSET
        assert (member.camera_id, member.camera.host) == ("1", "127.0.79.2")
        assert member.camera.ports["http"] == expected
        assert not await refuses(member.camera.host, expected)
    finally:
        await stop(members)


async def test_failed_start_stops_the_cameras_already_running(loopback_subnet: None) -> None:
    members = build("2", first_address="127.0.79.2", port_mode="offset")
    first, second = (member.camera for member in members)
    with socket.socket() as squatter:
        # Something else already holds the second camera's HTTP port.
        squatter.bind((second.host, 80 + UNPRIVILEGED_OFFSET))
        squatter.listen()
        with pytest.raises(OSError, match=f"http on {second.host}:{80 + UNPRIVILEGED_OFFSET}"):
            await start(members)
    # The first camera had started (its ports are remembered) and was stopped again.
    assert first.ports["http"] == 80 + UNPRIVILEGED_OFFSET
    for port in set(first.ports.values()):
        assert await refuses(first.host, port)
