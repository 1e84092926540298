"""Reading Hikvision ISAPI XML answers safely (defusedxml, namespace-agnostic).

ISAPI documents carry the namespace http://www.hikvision.com/ver20/XMLSchema
(older firmware: ver10, some none at all), so lookups go by local name.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import ElementTree


def parse(body: bytes) -> Element | None:
    """The root element, or None when the body is not well-formed, safe XML."""
    try:
        return ElementTree.fromstring(body)
    except ElementTree.ParseError, ValueError:
        # defusedxml refuses DTDs/entities with ValueError subclasses.
        return None


def local_name(element: Element) -> str:
    """An element's tag without its namespace."""
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


def child_text(parent: Element | None, name: str) -> str | None:
    """Text of the first direct child with this local name (stripped), or None."""
    if parent is None:
        return None
    for child in parent:
        if local_name(child) == name:
            return (child.text or "").strip()
    return None


def children(parent: Element | None, name: str) -> list[Element]:
    """Every direct child with this local name."""
    return [] if parent is None else [c for c in parent if local_name(c) == name]
