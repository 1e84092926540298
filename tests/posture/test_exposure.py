"""The Internet exposure answer joined from router forwards, cloud and UPnP facts."""

from __future__ import annotations

from custom_components.camera_posture.posture.exposure import (
    Exposure,
    internet_exposure,
    services_on,
)
from custom_components.camera_posture.posture.models import Facts, PortMapping, Target

CAMERA = Target("192.168.1.20", 80, ports={"rtsp": 554, "vendor": 8000})


def test_port_forward_names_the_service_behind_it_and_comes_before_cloud() -> None:
    facts = Facts(cloud_access=True, upnp=True)
    facts.router_exposure = (
        PortMapping(8080, 80, "TCP", "web"),
        PortMapping(8000, 8000, "TCP", "sdk"),
        PortMapping(5555, 5555, "UDP", "?"),
    )
    exposure = internet_exposure(facts, CAMERA)
    assert exposure.state is Exposure.ROUTER_PORT_FORWARD
    assert exposure.paths == (
        {
            "via": "router_port_forward",
            "protocol": "TCP",
            "external_port": 8080,
            "internal_port": 80,
            "services": ["http", "onvif"],
        },
        {
            "via": "router_port_forward",
            "protocol": "TCP",
            "external_port": 8000,
            "internal_port": 8000,
            "services": ["vendor"],
        },
        {
            "via": "router_port_forward",
            "protocol": "UDP",
            "external_port": 5555,
            "internal_port": 5555,
            "services": [],
        },
        {"via": "vendor_cloud"},
    )
    assert exposure.camera_upnp is True
    assert exposure.unread == ()


def test_cloud_alone_and_none() -> None:
    cloud = internet_exposure(Facts(cloud_access=True, router_exposure=()), CAMERA)
    assert cloud.state is Exposure.VENDOR_CLOUD
    assert cloud.paths == ({"via": "vendor_cloud"},)
    closed = internet_exposure(Facts(cloud_access=False, router_exposure=(), upnp=False), CAMERA)
    assert (closed.state, closed.paths, closed.unread) == (Exposure.NONE, (), ())


def test_unknown_only_when_no_source_was_read() -> None:
    nothing = internet_exposure(Facts(upnp=True), CAMERA)
    assert nothing.state is None
    assert nothing.unread == ("router_port_forwards", "vendor_cloud")
    assert nothing.camera_upnp is True
    # One source read and clean: "none", with the unread one named beside it.
    partial = internet_exposure(Facts(cloud_access=False), CAMERA)
    assert partial.state is Exposure.NONE
    assert partial.unread == ("router_port_forwards",)


def test_services_follow_the_cameras_ports() -> None:
    tls = Target("cam", 8443, scheme="https", ports={"http": 8080})
    assert services_on(tls, 8443) == ["https", "onvif"]  # ONVIF shares the web port
    assert services_on(tls, 8080) == ["http"]
    assert services_on(tls, 554) == ["rtsp"]
    assert services_on(tls, 23) == ["telnet"]
    assert services_on(tls, 8000) == []  # no vendor port known for this camera
