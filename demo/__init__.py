"""The demo: a simulated camera fleet, Home Assistant and the integration, set up by API."""
