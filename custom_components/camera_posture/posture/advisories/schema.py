"""A small JSON Schema validator for the bundled catalog (no jsonschema dependency).

It understands only the keywords schema.json uses: type, enum, pattern, format
"regex", minimum, minLength, maxLength, minItems, minProperties, required,
properties, additionalProperties (false or a schema for the other keys) and items.
Unknown keywords are ignored.
"""

from __future__ import annotations

import re
from typing import Any

from .model_names import literal_name

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "null": (type(None),),
    "integer": (int,),
    "number": (int, float),
}


def validate(value: Any, schema: dict[str, Any], path: str = "$") -> list[str]:
    """Every violation of `schema` in `value`, as "path: problem" lines (empty = valid)."""
    errors: list[str] = []
    kinds = schema.get("type")
    if kinds is not None:
        names = [kinds] if isinstance(kinds, str) else list(kinds)
        if not any(_is_type(value, name) for name in names):
            return [f"{path}: expected {'/'.join(names)}"]
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: not one of {schema['enum']}")
    if "minimum" in schema and isinstance(value, (int, float)) and value < schema["minimum"]:
        errors.append(f"{path}: below {schema['minimum']}")
    if isinstance(value, str):
        errors.extend(_string_errors(value, schema, path))
    elif isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        for index, item in enumerate(value):
            errors.extend(validate(item, schema.get("items", {}), f"{path}[{index}]"))
    elif isinstance(value, dict):
        errors.extend(_object_errors(value, schema, path))
    return errors


def _is_type(value: Any, name: str) -> bool:
    # bool is an int in Python; JSON keeps them apart.
    if name in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[name])


def _string_errors(value: str, schema: dict[str, Any], path: str) -> list[str]:
    errors = []
    if len(value) < schema.get("minLength", 0):
        errors.append(f"{path}: shorter than {schema['minLength']}")
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        errors.append(f"{path}: longer than {schema['maxLength']}")
    if "pattern" in schema and re.search(schema["pattern"], value) is None:
        errors.append(f"{path}: does not match {schema['pattern']}")
    if schema.get("format") == "regex" and literal_name(value) is None:
        try:
            re.compile(value)
        except re.error:
            errors.append(f"{path}: not a valid regular expression")
    return errors


def _object_errors(value: dict[str, Any], schema: dict[str, Any], path: str) -> list[str]:
    errors = [f"{path}: missing {key}" for key in schema.get("required", []) if key not in value]
    if len(value) < schema.get("minProperties", 0):
        errors.append(f"{path}: fewer than {schema['minProperties']} properties")
    properties = schema.get("properties", {})
    others = schema.get("additionalProperties")
    for key, item in value.items():
        if key in properties:
            errors.extend(validate(item, properties[key], f"{path}.{key}"))
        elif others is False:
            errors.append(f"{path}: unexpected {key}")
        elif isinstance(others, dict):
            errors.extend(validate(item, others, f"{path}.{key}"))
    return errors
