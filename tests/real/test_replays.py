"""Real devices' captured answers, replayed on loopback and audited through the engine.

Every case asserts the identity the capture holds and exactly the facts the capture
(and the replayed transport) supports: an adapter that reads a fact the capture does not
hold, or misreads one it does, fails here. Sources: each device's SOURCE.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest

from custom_components.camera_posture.posture.audit import audit
from custom_components.camera_posture.posture.models import AuditResult, Target

from ..posture.helpers import quiet_services
from .replay import PASSWORD, USER, Replay, serving

# Firmware verdicts come from the catalog, not from the capture.
# Judged from elsewhere than the capture: the catalog, and the test's own password.
_CATALOG_CHECKS = {"firmware_up_to_date", "firmware_vulnerabilities", "password_strength"}
_FIRMWARE_CHECKS = ("firmware_up_to_date", "firmware_vulnerabilities")


@dataclass(frozen=True, slots=True)
class Case:
    """One captured device and what its capture says."""

    folder: str  # <vendor>/<device> under tests/fixtures/real/
    adapter: str
    device: dict[str, str]
    facts: dict[str, Any] = field(default_factory=dict)
    # None: auto-detection (the capture holds what detection reads).
    forced: str | None = None
    # The bundled catalog's verdicts: (firmware_up_to_date, firmware_vulnerabilities).
    catalog: tuple[str, str] = ("unknown", "unknown")


_HIK_PLAIN_HTTP = {"https_only": False}  # adminAccesses: HTTP enabled
# The replay's own (non-factory) login was accepted, and SUNAPI answered over plain HTTP,
# as these devices were queried (http:// URLs in every source).
_HANWHA_FACTS = {"default_password": False, "https_only": False}
CASES = [
    Case(
        "hikvision/DS-2CD2146G2-ISU",
        "hikvision",
        {
            "manufacturer": "Hikvision",
            "model": "DS-2CD2146G2-ISU",
            "firmware": "V5.7.17 build 240606",
            "serial": "DS-2CD2146G2-ISU00000000AAWRG00000000",
            "mac": "cb:6e:4f:d0:7b:1f",
            "hardware_id": "d2d94000-f70b-00b0-00a0-acb00f000000",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "pass"),
    ),
    Case(
        "hikvision/DS-7608NXI-I2",
        "hikvision",
        {
            "model": "DS-7608NXI-I2/8P/S",
            "firmware": "V4.62.210 build 230619",
            "serial": "DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU",
            "mac": "e0:44:cf:0b:a7:98",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "fail"),
    ),
    Case(
        "hikvision/iDS-7204HUHI-M1",
        "hikvision",
        {
            "model": "iDS-7204HUHI-M1/E",
            "firmware": "V4.75.011 build 240625",
            "serial": "iDS-7204HUHI-M0/E0000000000CCWRAH0000000WCVU",
            "mac": "8b:92:35:5f:d5:fa",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "fail"),
    ),
    Case(
        "hikvision/DS-2SE4C425MWG-E-26",
        "hikvision",
        {
            "model": "DS-2SE4C425MWG-E-26",
            "firmware": "V5.8.1 build 240929",
            "serial": "DS-2SE4C425MWG-E/0000000000AAWRFC0000000",
            "mac": "46:c0:7b:b4:78:f6",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "pass"),
    ),
    # More hikvision_next captures: cameras, a thermal camera, NVRs and a DVR.
    Case(
        "hikvision/DS-2CD2346G2-ISU",
        "hikvision",
        {
            "model": "DS-2CD2346G2-ISU/SL",
            "firmware": "V5.7.18 build 240826",
            "serial": "DS-2CD2346G2-ISU/SL00000000AAWRJ00000000",
            "mac": "e0:2c:37:93:d9:54",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "pass"),
    ),
    Case(
        "hikvision/DS-2CD2386G2-IU",
        "hikvision",
        {
            "model": "DS-2CD2386G2-IU",
            "firmware": "V5.7.15 build 240201",
            "serial": "DS-2CD2386G2-IU00000000AAWRJ00000000",
            "mac": "a6:63:9e:f8:01:09",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "pass"),
    ),
    Case(
        "hikvision/DS-2CD2443G0-IW",
        "hikvision",
        {
            "model": "DS-2CD2443G0-IW",
            "firmware": "V5.6.5 build 200316",
            "serial": "DS-2CD2443G0-IW00000000AAWRE00000000",
            "mac": "c6:e6:61:0a:46:37",
        },
        _HIK_PLAIN_HTTP,
        # Behind the centre's 5.6.821; HSRC-202109-01 does not name the model, so its
        # 2020 build is neither affected by CVE-2021-36260 nor cleared.
        catalog=("fail", "unknown"),
    ),
    Case(
        "hikvision/DS-2CD2532F-IWS",
        "hikvision",
        {
            "model": "DS-2CD2532F-IWS",
            "firmware": "V5.2.0 build 140721",
            "serial": "DS-2CD2532F-IWS00000000CCCH000000000",
            "mac": "16:33:90:0d:9b:e8",
        },
        _HIK_PLAIN_HTTP,
        # CVE-2017-7921: Hikvision released the fixed firmware 5.4.41/5.4.71 in March 2017.
        catalog=("fail", "fail"),
    ),
    Case(
        "hikvision/DS-2CD4A26FWD-IZS-P",
        "hikvision",
        {
            "model": "DS-2CD4A26FWD-IZS-P",
            "firmware": "V5.4.7 build 180309",
            "serial": "DS-2CD4A26FWD-IZS/P00000000CCWR000000000",
            "mac": "32:d2:d0:68:44:21",
        },
        # A 2018 build of a model HSRC-202109-01 does not name: CVE-2021-36260 cannot be told
        # for it, and the download centre lists no release for it.
        catalog=("unknown", "unknown"),
    ),
    Case(
        "hikvision/DS-2CD2T46G2-ISU",
        "hikvision",
        {
            "model": "DS-2CD2T46G2-ISU/SL",
            "firmware": "V5.7.18 build 240826",
            "serial": "DS-2CD2T46G2-ISU/SL00000000AAWRG00000000",
            "mac": "4f:e4:2f:81:cd:1b",
        },
        _HIK_PLAIN_HTTP,
        # The centre lists only the G0 platform's 5.5.820 for this model: another line.
        catalog=("unknown", "pass"),
    ),
    Case(
        "hikvision/DS-2CD2T86G2-ISU",
        "hikvision",
        {
            "model": "DS-2CD2T86G2-ISU/SL",
            "firmware": "V5.7.18 build 240826",
            "serial": "DS-2CD2T86G2-ISU/SL00000000AAWRAE0000000",
            "mac": "1e:70:fe:e0:b2:be",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "pass"),
    ),
    Case(
        "hikvision/DS-2TD1228-2-QA",
        "hikvision",
        {
            "model": "DS-2TD1228-2-QA",
            "firmware": "V5.5.98 build 240726",
            "serial": "DS-2TD1228-2/QA/xxxxxxxxxxxxxxxxxx",
            "mac": "a6:60:9e:f8:01:09",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "pass"),
    ),
    Case(
        "hikvision/DS-7616NI-K2",
        "hikvision",
        {
            "model": "DS-7616NI-K2",
            "firmware": "V4.74.210 build 240108",
            "serial": "DS-7616NI-K20000000000CCRRG00000000WCVU",
            "mac": "87:02:30:0a:c5:06",
        },
        _HIK_PLAIN_HTTP,
        catalog=("unknown", "unknown"),
    ),
    Case(
        "hikvision/DS-7616NI-Q2",
        "hikvision",
        {
            "model": "DS-7616NI-Q2/16P",
            "firmware": "V4.30.097 build 240401",
            "serial": "DS-7616NI-Q2/00P0000000000CCRRE00000000WCVU",
            "mac": "52:a7:c0:3b:a5:10",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "fail"),
    ),
    Case(
        "hikvision/DS-7732NI-M4",
        "hikvision",
        {
            "model": "DS-7732NI-M4",
            "firmware": "V5.03.020 build 240904",
            "serial": "DS-7732NI-M4-0000000000CCRRL00000000WCVU",
            "mac": "22:ea:fb:38:1e:06",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "fail"),
    ),
    Case(
        "hikvision/iDS-7208HQHI-M1",
        "hikvision",
        {
            "model": "iDS-7208HQHI-M1(A)/S(C)",
            "firmware": "V4.75.011 build 240625",
            "serial": "iDS-7208HQHI-M0(A)/S(C)0000000000CCWRFD0000000WCVU",
            "mac": "e5:58:62:82:ed:41",
        },
        _HIK_PLAIN_HTTP,
        catalog=("fail", "fail"),
    ),
    # The same thermal model on a 2025 build: the isapi.org namespace, model spelled with
    # "/", manufacturer empty, name and ID masked by the publisher; HTTP on, with
    # redirectToHttps on the HTTPS entry (HTTP itself still enabled, so not HTTPS-only).
    Case(
        "hikvision/DS-2TD1228-2-QA-V5.5.338",
        "hikvision",
        {
            "manufacturer": "Hikvision",
            "model": "DS-2TD1228-2/QA",
            "firmware": "V5.5.338 build 250819",
            "serial": "DS-2TD1228-2/QAXXXXXXXXXXXXXXX",
            "mac": "12:40:43:f8:fa:38",
            "hardware_id": "xxxxxxxxxxx",
        },
        _HIK_PLAIN_HTTP,
        catalog=("pass", "pass"),
    ),
    # deviceInfo alone (isapi.org namespace) from an earlier build of the NVR above.
    Case(
        "hikvision/DS-7608NXI-I2-V4.62.210-230612",
        "hikvision",
        {
            "model": "DS-7608NXI-I2/8P/S",
            "firmware": "V4.62.210 build 230612",
            "serial": "DS-7608NXI-I0/0P/S0000000000CCRRJ00000000WCVU",
            "mac": "cc:ed:d6:41:a8:39",
            "hardware_id": "484a3831-3130-0000-0000-000c0000f00e",
        },
        catalog=("fail", "fail"),
    ),
    # A villa door station (deviceType VIS) from an issue's debug log: deviceInfo only.
    Case(
        "hikvision/DS-KV8213-WME1-C",
        "hikvision",
        {
            "manufacturer": "Hikvision",
            "model": "DS-KV8213-WME1(C)",
            "firmware": "V2.2.77 build 240515",
            "serial": "DS-KV8213-WME1(C)0120230508RRAB0353909",
            "mac": "bc:5e:33:59:25:2f",
            "hardware_id": "7d49925b-4fc7-406b-a0ec-bc5e3359252f",
        },
        # Revision C's files in the download centre are V3.7.0 (a lower bound: three files,
        # platforms unknown); no catalogued advisory names a door station.
        catalog=("fail", "pass"),
    ),
    # A PT camera's deviceInfo from an issue's debug log, serial, MAC and IDs published
    # as "xxxx": the masked MAC is no MAC.
    Case(
        "hikvision/DS-2SC3Q140MY-TE",
        "hikvision",
        {
            "model": "DS-2SC3Q140MY-TE",
            "firmware": "V5.7.12 build 220819",
            "serial": "xxxx",
            "mac": "",
            "hardware_id": "xxxx",
        },
        # Not a catalogued series.
    ),
    # Dahua family: the CGI answered over plain HTTP, so https_only fails.
    Case(
        "dahua/NVR2X-4KS3",
        "dahua",
        {
            "manufacturer": "Dahua",
            "model": "NVR2X-4KS3",
            "firmware": "4.001.0000005.0,build:2020-11-17",
            "serial": "4F07335PAZEEA9B",
        },
        {"https_only": False},
        # Built before 2026-03-03: CVE-2025-31703 names the NVR2-4KS3 line.
        catalog=("fail", "fail"),
    ),
    Case(
        "lorex/DHI-NVR4108HS-8P-4KS2",
        "dahua",
        {"model": "DHI-NVR4108HS-8P-4KS2", "serial": "ND0219110NNNNN", "firmware": ""},
        {"https_only": False},
    ),
    Case(
        "dahua/XVR5108C-X",
        "dahua",
        {"model": "XVR5108C-X", "serial": "..."},
        {"https_only": False},
    ),
    Case(
        "dahua/IPC-HDW5831R-ZE",
        "dahua",
        {"model": "IPC-HDW5831R-ZE", "serial": "4X7C5A1ZAGNNNNN", "firmware": ""},
        {"https_only": False},
        # Its series is catalogued (CVE-2021-33044, CVE-2022-30564, CVE-2019-3948), but no
        # firmware was captured: both verdicts need one.
    ),
    Case(
        "amcrest/IP4M-1041B",
        "dahua",
        {"model": "IP4M-1041B", "serial": "12345", "hardware_id": "1.00"},
        {"https_only": False},
    ),
    # A video doorbell: deviceType is Amcrest's model, updateSerial Dahua's board (DB6I).
    Case(
        "amcrest/AD410",
        "dahua",
        {"model": "AD410", "serial": "Z17A6F9xxxxx", "hardware_id": "1.00", "firmware": ""},
        {"https_only": False},
    ),
    # ONVIF device-service captures, audited by the generic ONVIF adapter (no vendor API
    # was captured). The replay's account is not the factory pair, which ONVIF cannot
    # settle for other accounts, so default_password stays unknown.
    Case(
        "dahua/DH-SD42212T-HN",
        "onvif",
        {
            "manufacturer": "Dahua",
            "model": "DH-SD42212T-HN",
            "firmware": "2.800.0000000.4.R, Build Date 2019-11-05",
            "serial": "6F027CAPANBB8C4",
            "hardware_id": "1.00",
            "mac": "",
        },
        # DateTimeType Manual (fails time_synced whatever the replayed clock's offset);
        # GetNetworkProtocols: HTTP enabled on port 80.
        {"time_synced": False, "https_only": False},
        catalog=("unknown", "pass"),
    ),
    # A 2016 ExVCR recording of one camera's GetDeviceInformation only: no clock answer
    # (what ONVIF detection reads), so forced; every other fact stays unknown.
    Case(
        "hikvision/DS-2DF7286-A",
        "onvif",
        {
            "manufacturer": "HIKVISION",
            "model": "DS-2DF7286-A",
            "firmware": "V5.3.0 build 150326",
            "serial": "DS-2DF7286-A20140705CCWR471699220B",
            "hardware_id": "88",
            "mac": "",
        },
        forced="onvif",
        # In CVE-2017-7921's DS-2DFx range; Hikvision released the fix in March 2017.
        catalog=("fail", "fail"),
    ),
    # Intel's Smart City sample printed this Lorex camera's answer as JSON (converted).
    Case(
        "lorex/LNB8973B",
        "onvif",
        {
            "manufacturer": "LOREX",
            "model": "LNB8973B",
            "firmware": "2.460.0001.5.R, Build Date 2017-08-11",
            "serial": "ND021808019141",
            "hardware_id": "1.00",
            "mac": "",
        },
        forced="onvif",
        # LOREX files under the Dahua family and the firmware parses, but no catalogued
        # entry names the LNB8973B: both verdicts stay unknown.
    ),
    # RVS_ONVIF's mock devices: two cameras' pasted answers, no clock answer (forced).
    Case(
        "axis/M5525-E-8.40.1.1",
        "onvif",
        {
            "manufacturer": "AXIS",
            "model": "M5525-E",
            "firmware": "8.40.1.1",
            "serial": "ACCC8EBECCEA",
            "hardware_id": "757",
            "mac": "",
        },
        {"https_only": False},  # GetNetworkProtocols: HTTP enabled on port 80
        forced="onvif",
        catalog=("fail", "fail"),
    ),
    Case(
        "hikvision/DS-2CD2143G0-I",
        "onvif",
        {
            "manufacturer": "HIKVISION",
            "model": "DS-2CD2143G0-I",
            "firmware": "V5.5.61 build 180718",
            "serial": "DS-2CD2143G0-I20180829AAWRC46851082",
            "hardware_id": "88",
            "mac": "",
        },
        {"https_only": False},  # GetNetworkProtocols: HTTP enabled on port 80
        forced="onvif",
        # HSRC-202109-01 does not name the DS-2CD2143G0-I (it names the G2's -I(S)).
        catalog=("fail", "unknown"),
    ),
    # Axis param.cgi captures hold no basicdeviceinfo answer (what detection reads).
    Case(
        "axis/M1065-LW-9.10.1",
        "axis",
        {
            "manufacturer": "AXIS",
            "model": "M1065-LW",
            "firmware": "9.10.1",
            "serial": "ACCC12345678",
            "hardware_id": "70E",
            "mac": "ac:cc:12:34:56:78",
        },
        # RemoteService.Enabled=oneclick, UPnP on, SSH off, BoaGroupPolicy.admin=both,
        # PreventDoSAttack.ActivatePasswordThrottling=Off;
        # RTSP ProtViewer is masked (******) in the capture: unknown, not guessed.
        {
            "cloud_access": False,
            "upnp": True,
            "ssh": False,
            "https_only": False,
            "brute_force_protection": False,
        },
        forced="axis",
        # Axis's records give the 9.x range a fix (9.80.123): vulnerable and behind.
        catalog=("fail", "fail"),
    ),
    Case(
        "axis/M3024-L",
        "axis",
        {"manufacturer": "AXIS", "model": "M3024-L", "firmware": "", "serial": "", "mac": ""},
        forced="axis",
    ),
    Case(
        "axis/M7001",
        "axis",
        # No Brand group in the capture: no model; the serial is the MAC on Axis.
        {"model": "", "firmware": "5.20.5", "serial": "ACCC8E1A909D", "mac": "ac:cc:8e:1a:90:9d"},
        forced="axis",
    ),
    Case(
        "axis/M1065-LW-9.80.1",
        "axis",
        {
            "manufacturer": "AXIS",
            "model": "M1065-LW",
            "firmware": "9.80.1",
            "serial": "ACCC12345678",
            "mac": "ac:cc:12:34:56:78",
        },
        catalog=("fail", "fail"),
    ),
    # A user's diagnostics (home-assistant/core#75291): basicdeviceinfo with the serial
    # redacted by Home Assistant, so neither a real serial nor a MAC can be reported.
    Case(
        "axis/M3106-L-MkII-9.80.3.12",
        "axis",
        {
            "manufacturer": "AXIS",
            "model": "M3106-L-MkII",
            "firmware": "9.80.3.12",
            "serial": "**REDACTED**",
            "hardware_id": "77D",
            "mac": "",
        },
        # 9.80.3.12 (old four-part numbering, built May 2022) predates every 9.80 fix.
        catalog=("fail", "fail"),
    ),
    # A user's debug log (home-assistant/core#113459): the raw basicdeviceinfo answer of
    # an AXIS OS 10.12 LTS dome; its ProdNbr is "M3058" (the full name says M3058-PLVE).
    Case(
        "axis/M3058-PLVE-10.12.228",
        "axis",
        {
            "manufacturer": "AXIS",
            "model": "M3058",
            "firmware": "10.12.228",
            "serial": "ACCC8EC5E602",
            "hardware_id": "753.4",
            "mac": "ac:cc:8e:c5:e6:02",
        },
        catalog=("fail", "fail"),
    ),
    # OADM's recording of one P3265-V: anonymous basicdeviceinfo (detection and identity),
    # systemready (set up) and the Network group only (SSH on, UPnP off, RTSP needs a login).
    Case(
        "axis/P3265-V-12.11.77",
        "axis",
        {
            "manufacturer": "AXIS",
            "model": "P3265-V",
            "firmware": "12.11.77",
            "serial": "B8A44F631339",
            "hardware_id": "931.11",
            "mac": "b8:a4:4f:63:13:39",
        },
        {"ssh": True, "upnp": False, "rtsp_anonymous": False},
        # No catalogued advisory reaches 12.11.77, but 12.11.147 exists on its LTS track.
        catalog=("fail", "pass"),
    ),
    Case(
        "axis/A9188-1.84.1",
        "axis",
        # No Brand group in the capture: no model; firmware, serial and hardware id only.
        {
            "model": "",
            "firmware": "1.84.1",
            "serial": "ACCC8ED0A6EC",
            "hardware_id": "72C.1",
            "mac": "ac:cc:8e:d0:a6:ec",
        },
        forced="axis",
    ),
    # Reolink: the replay's admin account has a password, which settles default_password.
    Case(
        "reolink/RLC-423",
        "reolink",
        {
            "manufacturer": "Reolink",
            "model": "RLC-423",
            "firmware": "1120_16070108_v1.0.0.30",
            "serial": "00000000000000",
            "hardware_id": "IPC_3816M",
            "mac": "",
        },
        {"default_password": False},
        catalog=("unknown", "pass"),
    ),
    # async_reolink's user captures: HTTP off and HTTPS on (https_only passes); P2P on.
    Case(
        "reolink/RLC-822A",
        "reolink",
        {
            "manufacturer": "Reolink",
            "model": "RLC-822A",
            "firmware": "v3.1.0.956_22041507",
            "serial": "XXXXXXXXXXXXXXXXXXXX",
            "hardware_id": "IPC_523128M8MP",
            "mac": "",
        },
        {"default_password": False, "https_only": True},
        catalog=("fail", "pass"),
    ),
    Case(
        "reolink/RLC-823A",
        "reolink",
        {
            "model": "RLC-823A",
            "firmware": "v3.1.0.956_22041511_v1.0.0.30",
            "serial": "00000000000000",
            "hardware_id": "IPC_523128M8MP",
            # The published GetLocalLink masks the MAC as "Mac ": not a MAC, so none.
            "mac": "",
        },
        {"default_password": False, "https_only": False, "cloud_access": True},
        catalog=("fail", "pass"),
    ),
    # One user's cameras in xannor/py_reolinkrestapi's issue-24 log (firmware of 2020-2022).
    # GetNetPort without httpEnable/httpsEnable (E1 Zoom, RLC-511W): https_only unknown.
    Case(
        "reolink/E1-Zoom",
        "reolink",
        {
            "manufacturer": "Reolink",
            "model": "E1 Zoom",
            "firmware": "v3.0.0.1107_22070508",
            "serial": "00000000065536",
            "hardware_id": "IPC_515BSD6",
            "mac": "9c:95:61:90:aa:15",
        },
        # GetP2p left out: it holds the user's real P2P UID (see SOURCE.md).
        {"default_password": False},
        catalog=("fail", "pass"),
    ),
    # Another E1 Zoom (newer hardware, WiFi) on v3.1 firmware, from a reolink_aio debug log
    # (starkillerOG/reolink_aio#46): GetDevInfo only, so every switch stays unknown.
    Case(
        "reolink/E1-Zoom-v3.1",
        "reolink",
        {
            "manufacturer": "Reolink",
            "model": "E1 Zoom",
            "firmware": "v3.1.0.2649_23083101",
            "serial": "215222925131776",
            "hardware_id": "IPC_566SD664M5MP",
            "mac": "",
        },
        {"default_password": False},
        # Reolink's download centre lists v3.1.0.4417 for this board (hardVer
        # IPC_566SD664M5MP): behind it, so not up to date; no advisory names the model.
        catalog=("fail", "pass"),
    ),
    Case(
        "reolink/RLC-811A",
        "reolink",
        {
            "model": "RLC-811A",
            "firmware": "v3.1.0.956_22042008",
            "serial": "00000000983040",
            "hardware_id": "IPC_523128M8MP",
            "mac": "ec:71:db:68:41:5e",
        },
        {"default_password": False, "https_only": False},
        catalog=("fail", "pass"),
    ),
    Case(
        "reolink/RLC-511W",
        "reolink",
        {
            "model": "RLC-511W",
            "firmware": "v3.0.0.142_20121804",
            "serial": "00000000065536",
            "hardware_id": "IPC_51516M5M",
            "mac": "ec:71:db:41:c7:4e",
        },
        {"default_password": False},
        # CVE-2019-11001 (CISA KEV) names the RLC-511W; the catalog marks every version.
        catalog=("fail", "fail"),
    ),
    Case(
        "reolink/RLC-511",
        "reolink",
        {
            "model": "RLC-511",
            "firmware": "v3.0.0.2356_23062003",
            "serial": "",
            "hardware_id": "IPC_51516M5M",
        },
        {"default_password": False},
        catalog=("pass", "pass"),
    ),
    # Hanwha SUNAPI captures hold no pw_init statuscheck answer (what detection reads).
    Case(
        "hanwha/PNV-A9081R",
        "hanwha",
        {
            "manufacturer": "Hanwha Techwin",
            "model": "PNV-A9081R",
            "firmware": "1.41.01_20200318_R342",
            "serial": "ZNKZ70GM800002Y",
            "mac": "00:09:18:61:9f:28",
        },
        _HANWHA_FACTS,
        forced="hanwha",
    ),
    Case(
        "hanwha/HRX-1620",
        "hanwha",
        {
            "model": "HRX-1620",
            "firmware": "3.05.72_231213160201",
            "serial": "",
            "mac": "e4:30:22:32:1b:b7",
        },
        _HANWHA_FACTS,
        forced="hanwha",
        # CVE-2023-6095/6096 name 3.05.62 and prior; no latest release is catalogued.
        catalog=("unknown", "pass"),
    ),
    Case(
        "hanwha/XRN-2010",
        "hanwha",
        {
            "model": "XRN-2010",
            "firmware": "v2.46_210315134145",
            "serial": "",
            "mac": "00:16:6c:b9:1f:07",
        },
        _HANWHA_FACTS,
        forced="hanwha",
    ),
    Case(
        "hanwha/XRN-3210B2",
        "hanwha",
        # The publisher masked the MAC (xx:xx:...): no MAC, not a made-up one.
        {"model": "XRN-3210B2", "firmware": "5.30.72_231107202437", "serial": "", "mac": ""},
        _HANWHA_FACTS,
        forced="hanwha",
    ),
    Case(
        "hanwha/PRN-4011",
        "hanwha",
        # key=value lines wrapped in braces, as the guide prints the NVR's answer.
        {"model": "PRN-4011", "firmware": "v2.10_180329015157", "mac": "00:09:18:30:97:01"},
        # SyncType=Manual; network p2p Enable=True (SUNAPI's documented cloud switch).
        {**_HANWHA_FACTS, "time_synced": False, "cloud_access": True},
        forced="hanwha",
    ),
    Case(
        "hanwha/PNM-C7083RVD",
        "hanwha",
        {
            "manufacturer": "Hanwha Vision",  # as the statuscheck answer names it
            "model": "PNM-C7083RVD",
            "firmware": "2.21.01_20220517_R276",
            "serial": "SEP70GRC0000SY",
            "mac": "00:09:18:6e:12:b0",
        },
        {**_HANWHA_FACTS, "time_synced": False},  # SyncType=Manual
        # Detected: the guide's pw_init statuscheck answer (JSON, Initialized=true) is served.
    ),
    Case(
        "hanwha/XNF-9010RV",
        "hanwha",
        # JSON with a raw line break inside BootloaderVersion, as the guide prints it.
        {
            "model": "XNF-9010RV",
            "firmware": "2.01.00_20200721_R201",
            "serial": "ZLNA70GKA0001JZ",
            "mac": "00:09:18:5b:bd:3a",
        },
        _HANWHA_FACTS,
        forced="hanwha",
    ),
    Case(
        "hanwha/HRX-1634",
        "hanwha",
        {"model": "HRX-1634", "firmware": "5.31.82_241114114945", "mac": "e4:30:22:8b:b9:2f"},
        _HANWHA_FACTS,
        forced="hanwha",
    ),
    Case(
        "hanwha/XRN-2010A",
        "hanwha",
        {"model": "XRN-2010A", "firmware": "v2.46_210315134145", "mac": "00:09:18:62:bf:21"},
        _HANWHA_FACTS,
        forced="hanwha",
    ),
    Case(
        "hanwha/XRN-6410B2",
        "hanwha",
        {
            "model": "XRN-6410B2",
            "firmware": "5.34.52_250807163824",
            "serial": "ZPET6V4WA0000SP",
            "mac": "e4:30:22:7c:5d:96",
        },
        _HANWHA_FACTS,
        forced="hanwha",
    ),
]


async def _audit(replay: Replay, forced: str | None) -> AuditResult:
    async with serving(replay) as port, aiohttp.ClientSession() as session:
        target = Target("127.0.0.1", port, USER, PASSWORD, ports=quiet_services())
        # Adapter facts only: the vendor-neutral probes would measure loopback, not the device.
        return await audit(session, target, vendor=forced or "auto", probes=False)


@pytest.mark.parametrize("case", CASES, ids=[case.folder for case in CASES])
async def test_replayed_device_reads_right(case: Case) -> None:
    vendor, device = case.folder.split("/")
    result = await _audit(Replay.load(vendor, device), case.forced)
    assert result.facts.vendor == case.adapter
    read = {name: getattr(result.device, name) for name in case.device}
    assert read == case.device
    observed = {
        check_id: check.observed
        for check_id, check in result.checks.items()
        if check.observed is not None and check_id not in _CATALOG_CHECKS
    }
    # Exactly the capture's facts: nothing misread, nothing made up.
    assert observed == case.facts
    judged = tuple(result.checks[c].status.value for c in _FIRMWARE_CHECKS)
    assert judged == case.catalog
    for check_id, status in zip(_FIRMWARE_CHECKS, judged, strict=True):
        # A verdict names where it came from.
        assert status == "unknown" or "https://" in result.checks[check_id].evidence
    assert all(check.evidence for check in result.checks.values())
    assert result.login_failures == 0


def test_corpus_has_a_source_for_every_device() -> None:
    folders = {case.folder for case in CASES}
    assert len(folders) >= 12
    for folder in folders:
        replay = Replay.load(*folder.split("/"))
        source = (replay.folder / "SOURCE.md").read_text()
        assert "https://github.com/" in source


async def test_masked_axis_parameter_is_unknown_and_says_so() -> None:
    # The M1065-LW capture masks Network.RTSP.ProtViewer as "******".
    result = await _audit(Replay.load("axis", "M1065-LW-9.10.1"), "axis")
    check = result.checks["rtsp_anonymous"]
    assert check.observed is None
    assert check.evidence == "VAPIX Network.RTSP.ProtViewer=******: no usable value"
    oneclick = result.checks["cloud_access"]
    assert oneclick.status.value == "pass"
    assert "only after the control button is pressed" in oneclick.evidence


@pytest.mark.parametrize(
    ("device", "cves"),
    [
        # 9.10.1 predates the 9.80 LTS track, inside the records' 9.0.0 ranges.
        ("M1065-LW-9.10.1", ["CVE-2024-47262", "CVE-2025-0325", "CVE-2025-9524"]),
        (
            "M1065-LW-9.80.1",
            ["CVE-2024-47260", "CVE-2024-47262", "CVE-2024-8772", "CVE-2025-0325", "CVE-2025-9524"],
        ),
        # The LTS track's old four-part numbering (9.80.3.12) sorts below its later 9.80.84+.
        (
            "M3106-L-MkII-9.80.3.12",
            ["CVE-2024-47260", "CVE-2024-47262", "CVE-2024-8772", "CVE-2025-0325", "CVE-2025-9524"],
        ),
    ],
)
async def test_real_axis_firmware_is_judged_on_its_lts_track(device: str, cves: list[str]) -> None:
    # The captured firmware goes through the audit to the catalog: Axis's records give
    # the 9.80 LTS track fixed versions, so the camera is both vulnerable and behind.
    result = await _audit(Replay.load("axis", device), "axis")
    vulnerabilities = result.checks["firmware_vulnerabilities"]
    assert vulnerabilities.status.value == "fail"
    assert vulnerabilities.observed == cves
    behind = result.checks["firmware_up_to_date"]
    assert behind.status.value == "fail"
    assert behind.evidence.endswith("a newer release exists (9.80.123, fixing CVE-2025-9524)")


async def test_real_axis_os_12_lts_camera_is_behind_a_sourced_release() -> None:
    # The P3265-V's 12.11.77 is past every catalogued fix, but Axis's ACAP 12.11.1 notes
    # name 12.11.147 on the same LTS track: not up to date, and the verdict says where from.
    result = await _audit(Replay.load("axis", "P3265-V-12.11.77"), None)
    vulnerabilities = result.checks["firmware_vulnerabilities"]
    assert (vulnerabilities.status.value, vulnerabilities.observed) == ("pass", [])
    assert vulnerabilities.evidence.startswith("no catalogued advisory affects this firmware")
    behind = result.checks["firmware_up_to_date"]
    assert behind.status.value == "fail"
    assert behind.evidence.endswith(
        "a newer release exists (12.11.147,"
        " https://developer.axis.com/acap/release-notes/12.11.1/ as of 2026-10-29)"
    )


async def test_reolink_netport_without_switches_is_unknown_and_says_so() -> None:
    # The E1 Zoom's GetNetPort answer holds port numbers only (no httpEnable/httpsEnable).
    result = await _audit(Replay.load("reolink", "E1-Zoom"), None)
    check = result.checks["https_only"]
    assert (check.status.value, check.observed) == ("unknown", None)
    assert check.evidence == "Reolink GetNetPort: no httpEnable switch (ports only)"


async def test_reolink_board_release_decides_and_says_which_board() -> None:
    # The E1 Zoom is sold on five boards: the model-wide bound (v3.0.0.2356) cannot judge
    # this v3.1 camera, the release listed for the board it reports can.
    result = await _audit(Replay.load("reolink", "E1-Zoom-v3.1"), None)
    check = result.checks["firmware_up_to_date"]
    assert (check.status.value, check.observed) == ("fail", False)
    assert "latest known release v3.1.0.4417_2412122178 listed for hardware IPC_566SD664M5MP (" in (
        check.evidence
    )


async def test_replay_demands_the_vendors_authentication() -> None:
    replay = Replay.load("dahua", "NVR2X-4KS3")
    async with serving(replay) as port, aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{port}/cgi-bin/magicBox.cgi?action=getSystemInfo"
        async with session.get(url) as response:
            assert response.status == 401
            assert 'realm="Login to 4F07335PAZEEA9B"' in response.headers["WWW-Authenticate"]
