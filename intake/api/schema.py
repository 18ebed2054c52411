"""The API's replies as types: a type's JSON Schema, and a reply's JSON.

A reply is a frozen dataclass; its fields say what the JSON holds: int, str, bool, date,
datetime, `X | None`, list[X], dict[str, X] (dict[Literal[...], X]: exactly those keys),
Literal[...] for a choice, another dataclass. `Annotated[int, Bounds(1, MAX_ID)]` adds
bounds and `Doc("...")` a description. A dataclass marked `@named` is a schema of its own
in the document (#/components/schemas/<its class name>); any other is written out where
it is used. Every field is required and no other is allowed.
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal, Union, get_args, get_origin, get_type_hints

from intake.api.tokens import MAX_ID


@dataclass(frozen=True)
class Bounds:
    """The least and the largest: of a number, of a text's length, of a list's length."""

    low: int | None = None
    high: int | None = None

    def keywords(self, schema: dict) -> dict:
        kind = schema["type"]
        kind = next(k for k in kind if k != "null") if isinstance(kind, list) else kind
        low, high = {
            "integer": ("minimum", "maximum"),
            "string": ("minLength", "maxLength"),
            "array": ("minItems", "maxItems"),
        }[kind]
        return {
            **({low: self.low} if self.low is not None else {}),
            **({high: self.high} if self.high is not None else {}),
        }


@dataclass(frozen=True)
class Doc:
    """A field's description in the document (English: the document is for programmers)."""

    text: str

    def keywords(self, schema: dict) -> dict:
        return {"description": self.text}


Id = Annotated[int, Bounds(1, MAX_ID)]
Count = Annotated[int, Bounds(0)]

_NAMED: set[type] = set()
_PLAIN = {
    bool: {"type": "boolean"},
    int: {"type": "integer"},
    str: {"type": "string"},
    datetime: {"type": "string", "format": "date-time"},
    date: {"type": "string", "format": "date"},
}


def named(cls: type) -> type:
    """This dataclass is a schema of its own in the document, under its class name."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a dataclass")
    _NAMED.add(cls)
    return cls


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def schema_of(kind: Any, schemas: dict[str, dict]) -> dict:
    """The JSON Schema of a type; a @named dataclass is put in `schemas` (once) and referred to."""
    origin = get_origin(kind)
    if origin is Annotated:
        schema = schema_of(get_args(kind)[0], schemas)
        for mark in kind.__metadata__:
            schema = {**schema, **mark.keywords(schema)}
        return schema
    if origin is not None:
        return _generic(kind, origin, get_args(kind), schemas)
    if dataclasses.is_dataclass(kind):
        return _dataclass(kind, schemas)
    if kind in _PLAIN:
        return dict(_PLAIN[kind])
    raise TypeError(f"no JSON Schema for {kind!r}")


def _generic(kind: Any, origin: Any, args: tuple, schemas: dict[str, dict]) -> dict:
    if origin in (Union, types.UnionType):
        return _nullable(kind, args, schemas)
    if origin is Literal:
        return {"const": args[0]} if len(args) == 1 else {**_PLAIN[type(args[0])], "enum": list(args)}
    if origin is list:
        return {"type": "array", "items": schema_of(args[0], schemas)}
    if origin is dict:
        key, value = args
        return _mapping(key, value, schemas=schemas)
    raise TypeError(f"no JSON Schema for {kind!r}")


def _nullable(kind: Any, args: tuple, schemas: dict[str, dict]) -> dict:
    present = [arg for arg in args if arg is not type(None)]
    if len(present) != 1 or len(args) != 2:
        raise TypeError(f"only `X | None` is a union a reply may have, not {kind!r}")
    schema = schema_of(present[0], schemas)
    if isinstance(schema.get("type"), str):
        return {**schema, "type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def _mapping(key: Any, value: Any, schemas: dict[str, dict]) -> dict:
    if value is Any:
        return {"type": "object"}  # free data, as it was recorded
    if get_origin(key) is Literal:
        return _object({name: schema_of(value, schemas) for name in get_args(key)})
    return {"type": "object", "additionalProperties": schema_of(value, schemas)}


def _dataclass(kind: Any, schemas: dict[str, dict]) -> dict:
    if kind not in _NAMED:
        return _fields(kind, schemas)
    if kind.__name__ not in schemas:
        schemas[kind.__name__] = {}  # taken, while its fields are made
        schemas[kind.__name__] = _fields(kind, schemas)
    return ref(kind.__name__)


def _fields(cls: type, schemas: dict[str, dict]) -> dict:
    hints = get_type_hints(cls, include_extras=True)
    return _object({f.name: schema_of(hints[f.name], schemas) for f in dataclasses.fields(cls)})


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


def to_json(value: Any) -> Any:
    """A reply as JSON values: a dataclass as an object (its fields in order), a moment or a
    day in ISO 8601, a tuple as a list."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    return value
