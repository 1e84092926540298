"""Constants shared by the Home Assistant side of Camera Posture."""

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from .posture.checks import CHECKS
from .posture.policy import DEFAULT_HYSTERESIS

DOMAIN = "camera_posture"
LOGGER = logging.getLogger(__package__)

DEFAULT_PORT = 80
# Posture changes slowly; a camera is audited every 10 minutes so drift is seen
# promptly without loading the camera (an audit is a handful of requests).
DEFAULT_AUDIT_MINUTES = 10
AUDIT_INTERVAL = timedelta(minutes=DEFAULT_AUDIT_MINUTES)
# Reolink's lesson: one rejected login can be a camera reboot or a race; only a
# run of them means the password really changed.
AUTH_FAILURES_BEFORE_REAUTH = 3
# Audits running at once across all cameras (the overall deadline of one audit is
# posture/deadline.py's). See docs for the 50-camera measurement behind the number.
MAX_CONCURRENT_AUDITS = 16
# More cameras set up together (Home Assistant's start) than MAX_CONCURRENT_AUDITS
# spread their first audits over this much time per camera (50 cameras: within 5 s),
# at most MAX_START_JITTER_S.
START_JITTER_PER_CAMERA_S = 0.1
MAX_START_JITTER_S = 30.0

# Config entry data (not shown in the UI): service name -> port overrides.
CONF_SERVICES = "services"
CONF_MAC = "mac"
# "http", or "https" when the camera's port speaks only TLS (found by the connection
# test, or written as https://HOST): audits then start with TLS.
CONF_SCHEME = "scheme"

# Options keys.
CONF_REQUIRED_CHECKS = "required_checks"
CONF_SEVERITIES = "severities"
CONF_AUDIT_INTERVAL = "audit_interval_minutes"
CONF_HYSTERESIS = "hysteresis"
CONF_ACTIVE_PROBING = "active_probing"
CONF_ROUTER = "router_host"
# Fetch newer advisory catalogs from the project's published feed (see catalog_feed.py).
CONF_CATALOG_FEED = "catalog_feed"
# Let the camera run its own firmware update check; off unless the user opts in,
# because the check makes the camera contact its vendor's cloud.
CONF_CAMERA_UPDATE_CHECK = "camera_update_check"

DEFAULT_OPTIONS = {
    CONF_REQUIRED_CHECKS: list(CHECKS),
    CONF_SEVERITIES: {},
    CONF_AUDIT_INTERVAL: DEFAULT_AUDIT_MINUTES,
    CONF_HYSTERESIS: DEFAULT_HYSTERESIS,
    # Guarded factory-password logins are off unless the user turns them on: a
    # read-only auditor should not send password guesses by surprise.
    CONF_ACTIVE_PROBING: False,
    CONF_CATALOG_FEED: True,
    CONF_CAMERA_UPDATE_CHECK: False,
}


def options_of(options: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's options with the defaults of those it does not set (older entries)."""
    return {**DEFAULT_OPTIONS, **options}


# The project's published advisory catalog: the repository's own raw file, so a merged
# catalog update reaches users without a release. A plain GET: no query, no cookies,
# nothing about the user's cameras.
CATALOG_URL = (
    "https://raw.githubusercontent.com/camera-posture/camera-posture/main/"
    "custom_components/camera_posture/posture/advisories/catalog.json"
)
# At most one feed request a day (the last attempt is remembered across restarts).
CATALOG_REFRESH = timedelta(days=1)

EVENT_DRIFT = f"{DOMAIN}_drift"
# A camera's stored state (storage.py). 2: the drift baseline holds only values the
# user accepted; version 1 also kept the first audit's failures there, unannounced.
STORAGE_VERSION = 2
# The advisory catalog feed's stored copy (catalog_feed.py).
CATALOG_STORAGE_VERSION = 1

# Integrations whose cameras can be adopted (their entries hold host and credentials).
ADOPTABLE_DOMAINS = ("onvif", "reolink", "hikvision", "axis", "amcrest")
