"""Constants shared by the Home Assistant side of Camera Posture."""

import logging
from datetime import timedelta

DOMAIN = "camera_posture"
LOGGER = logging.getLogger(__package__)

DEFAULT_PORT = 80
# Posture changes slowly; a camera is audited every 10 minutes so drift is seen
# promptly without loading the camera (an audit is a handful of requests).
AUDIT_INTERVAL = timedelta(minutes=10)
