"""camsim: simulated IP cameras that speak the real vendor protocols.

Test and demo infrastructure; nothing in the integration imports it.
"""
