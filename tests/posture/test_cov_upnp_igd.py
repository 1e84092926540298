"""Router exposure stays unknown when the router or camera address cannot be read."""

from __future__ import annotations

import aiohttp

from custom_components.camera_posture.posture.models import Facts, Target
from custom_components.camera_posture.posture.probes import ProbeContext
from custom_components.camera_posture.posture.probes.upnp_igd import (
    description_url,
    probe_router_exposure,
    resolve_ipv4,
)
from custom_components.camera_posture.posture.transport.http import HttpClient

from .test_upnp_igd import MAPPINGS, igd


async def _probe(host: str, router: str) -> Facts:
    async with aiohttp.ClientSession() as session:
        facts = Facts()
        ctx = ProbeContext(HttpClient(session), Target(host), router=router)
        await probe_router_exposure(ctx, facts, session)
    return facts


async def test_ip_literal_and_localhost_resolve_to_ipv4() -> None:
    assert await resolve_ipv4("127.0.0.1") == "127.0.0.1"
    assert await resolve_ipv4("localhost") == "127.0.0.1"


async def test_description_url_given_directly_is_used_as_is() -> None:
    assert await description_url("http://192.0.2.1:5000/rootDesc.xml") == (
        "http://192.0.2.1:5000/rootDesc.xml"
    )


async def test_router_host_without_ssdp_answer_is_unknown() -> None:
    # Nothing answers SSDP on loopback's port 1900: no description URL, no exposure fact.
    facts = await _probe("127.0.0.1", "127.0.0.1")
    assert facts.router_exposure is None


async def test_known_exposure_is_not_read_again() -> None:
    async with igd(MAPPINGS) as router:
        async with aiohttp.ClientSession() as session:
            facts = Facts()
            facts.router_exposure = ()
            ctx = ProbeContext(HttpClient(session), Target("127.0.0.1"), router=router["url"])
            await probe_router_exposure(ctx, facts, session)
        assert router["calls"] == 0
    assert facts.router_exposure == ()
