"""The posture engine: reads facts from a camera and judges them.

Nothing below this package imports Home Assistant (enforced by
tests/test_layering.py), so the same code serves the integration, the
`camera-posture` command line and the benchmark.
"""
