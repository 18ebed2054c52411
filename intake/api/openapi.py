"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json (no token needed).

Made, not written: each view declares its operation with @documented where it is
registered, its replies are types (intake/api/replies.py, intake/api/schema.py), and
`build` walks the routes the blueprint registers. tests/integration/test_api_schema.py
checks the views against the document with schemathesis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask

from intake.api.schema import Id, ref, schema_of

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {
            "type": "string",
            "description": "Stable code: unauthorized, not_found, bad_parameter, "
            "bad_field, bad_json, unknown_field, ... or an InputError code.",
        },
        "message": {"type": "string", "description": "Dutch, or English when Accept-Language prefers it."},
        "parameter": {"type": "string"},
        "field": {"type": "string"},
    },
}


def error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": ref("Error")}}}


UNAUTHORIZED = {
    **error(
        "No token, or an unknown, revoked or expired one, or one of a disabled HR user. "
        "Send `Authorization: Bearer <token>`; the HR session cookie does not count."
    ),
    "headers": {
        "WWW-Authenticate": {
            "description": '`Bearer realm="popflow"`, with `error="invalid_token"` for a token that does not work',
            "required": True,
            "schema": {"type": "string", "pattern": "^Bearer"},
        }
    },
}
BAD_REQUEST = error(
    "A parameter or field is missing, has the wrong type or is out of range "
    "(`bad_parameter`, `bad_field`, `bad_json`, `unknown_field`, `file_missing`)."
)
NOT_FOUND = error("No such round or POP (`not_found`).")
# Any operation answers 503 while the database is away (intake/unavailable.py), and 429 past
# the per-client limit (API_LIMIT, docs/security-accounts.md).
ALWAYS = {
    "503": error(
        "The database cannot be reached for a moment (`unavailable`); try again after the `Retry-After` seconds."
    ),
    "429": error(
        "Too many requests from this client address (`too_many_requests`); try again after the `Retry-After` seconds."
    ),
}

NO_NUL = {"type": "string", "pattern": "^[^\\x00]*$"}


def _schema(kind: Any) -> dict:
    return kind if isinstance(kind, dict) else schema_of(kind, {})


def query(name: str, kind: Any, description: str) -> dict:
    """A query parameter; `kind` a type (see schema.py) or a schema."""
    return {"name": name, "in": "query", "required": False, "schema": _schema(kind), "description": description}


def path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": _schema(Id), "description": f"The {what}'s id."}


LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}, "Page size.")


@dataclass(frozen=True)
class Operation:
    """What a view tells a client; a response is (a reply type, what it means) or a ready one."""

    operation_id: str
    summary: str
    responses: dict[int, tuple[Any, str] | dict]
    tag: str | None = None
    description: str | None = None
    parameters: tuple[dict, ...] = ()
    body: dict[str, dict] | None = None  # media type: schema
    named: dict[str, dict] | None = None  # schemas of a request of their own, each in the document once

    def openapi(self, secured: bool, schemas: dict[str, dict]) -> dict:
        responses = {
            str(status): answer
            if isinstance(answer, dict)
            else {"description": answer[1], "content": {"application/json": {"schema": schema_of(answer[0], schemas)}}}
            for status, answer in self.responses.items()
        }
        more = {
            "description": self.description,
            "tags": [self.tag] if self.tag else None,
            "parameters": list(self.parameters) or None,
            "security": None if secured else [],
            "requestBody": {
                "required": True,
                "content": {kind: {"schema": schema} for kind, schema in self.body.items()},
            }
            if self.body
            else None,
        }
        return {
            "operationId": self.operation_id,
            "summary": self.summary,
            **{key: value for key, value in more.items() if value is not None},
            "responses": {**responses, **({"401": UNAUTHORIZED} if secured else {}), **ALWAYS},
        }


OPERATIONS: dict[Callable, Operation] = {}


def documented(operation_id: str, summary: str, responses: dict, **more: Any) -> Callable:
    """Put under the route: the view's operation in the document (see Operation)."""

    def mark(view: Callable) -> Callable:
        OPERATIONS[view] = Operation(operation_id, summary, responses, **more)
        return view

    return mark


def build(blueprint: Blueprint) -> dict:
    """The document of every route the blueprint registers; a view without @documented is an error."""
    app = Flask(__name__)
    app.register_blueprint(blueprint)
    schemas = {"Error": ERROR}
    paths: dict[str, dict] = {}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(blueprint.name + "."):
            continue
        view = app.view_functions[rule.endpoint]
        if view not in OPERATIONS:
            raise LookupError(f"{rule.endpoint} ({rule.rule}) has no @documented")
        schemas.update(OPERATIONS[view].named or {})
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(blueprint.url_prefix or ""))
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            secured = getattr(view, "needs_token", False)
            paths.setdefault(path, {})[method.lower()] = OPERATIONS[view].openapi(secured, schemas)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "popflow HR API",
            "version": "1.0.0",
            "description": "People, rounds and POPs for HR's scripts. Authenticate with an HR API token "
            "(`popflow hr token create --email HR_EMAIL --name NAME`; it works API_TOKEN_DAYS, 365 "
            "by default) as `Authorization: Bearer <token>`. "
            "Every error is JSON with a stable `error` code and a `message` in Dutch, or in English "
            "when `Accept-Language` prefers it.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [
            {"name": "people"},
            {"name": "rounds"},
            {"name": "pops"},
            {"name": "mails"},
            {"name": "question-sets"},
        ],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An HR API token; only its SHA-256 is stored.",
                }
            },
            "schemas": schemas,
        },
    }
