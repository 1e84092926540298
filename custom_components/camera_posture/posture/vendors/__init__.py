"""Vendor adapters: one module per family, discovered at import time."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from .base import VendorAdapter


def adapters() -> list[type[VendorAdapter]]:
    """Every adapter class in this package, in detection order.

    Discovery (a directory scan and imports) runs once per process: audits run on
    Home Assistant's event loop, where file-system access per audit would block it.
    """
    return list(_discovered())


@functools.cache
def _discovered() -> tuple[type[VendorAdapter], ...]:
    for module in pkgutil.iter_modules(__path__):
        if module.name != "base":
            importlib.import_module(f"{__name__}.{module.name}")
    found = {cls.vendor: cls for cls in _subclasses(VendorAdapter)}  # type: ignore[type-abstract]
    return tuple(sorted(found.values(), key=lambda cls: (cls.detect_order, cls.vendor)))


def _subclasses(cls: type[VendorAdapter]) -> list[type[VendorAdapter]]:
    result = []
    for sub in cls.__subclasses__():
        if getattr(sub, "vendor", None):
            result.append(sub)
        result.extend(_subclasses(sub))
    return result
