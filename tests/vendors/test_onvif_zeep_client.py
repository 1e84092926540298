"""The real onvif-zeep-async client (test-only) reads identity from the onvif_generic persona."""

from __future__ import annotations

from onvif import ONVIFCamera

from .helpers import running


async def test_onvif_zeep_async_reads_device_information_despite_clock_skew() -> None:
    async with running("onvif_generic") as camera:
        username, password = next(iter(camera.persona.users.items()))
        # adjust_time: the library reads the camera clock (7 minutes fast) first and
        # shifts its WS-Security Created time, as Home Assistant's onvif integration does.
        client = ONVIFCamera(camera.host, camera.http_port, username, password, adjust_time=True)
        try:
            await client.update_xaddrs()
            device = await client.create_devicemgmt_service()
            info = await device.GetDeviceInformation()
            users = await device.GetUsers()
        finally:
            await client.close()
    persona = camera.persona
    assert (info.Manufacturer, info.Model, info.FirmwareVersion, info.SerialNumber) == (
        persona.manufacturer,
        persona.model,
        persona.firmware,
        persona.serial,
    )
    assert [user.Username for user in users] == list(persona.users)
    assert camera.logins
    assert {attempt.outcome for attempt in camera.logins} == {"ok"}
