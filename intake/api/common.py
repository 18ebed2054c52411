"""The API's blueprint and plumbing: bearer tokens, JSON errors, strict parameters, languages.

Every answer is JSON. An error always has a stable `error` code and a `message` in the
language of `Accept-Language` (Dutch unless English is preferred). Only
`Authorization: Bearer <token>` authenticates: the HR session cookie is never read.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import wraps
from typing import Literal, overload

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from intake import web
from intake.api import tokens
from intake.api.schema import to_json
from intake.api.tokens import MAX_ID
from intake.i18n import LANGUAGES, _
from shared.safe_text import code_point, refused_character

bp = Blueprint("api", __name__, url_prefix="/api/v1")

_DIGITS = re.compile(r"[0-9]{1,19}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
TRUE, FALSE = ("1", "true"), ("0", "false")
ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "server_error",
}


class ApiError(Exception):
    """Raised anywhere in a view: becomes {"error": code, "message": message, ...extra}."""

    def __init__(self, status: int, code: str, message: str, **extra) -> None:
        super().__init__(code)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def error_response(status: int, code: str, message: str, **extra):
    response = jsonify({"error": code, "message": message, **extra})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="popflow"'
    return response


def choose_language() -> str:
    """From Accept-Language only: the API has no session and no ?lang= switch."""
    g.lang = request.accept_languages.best_match(LANGUAGES, default="nl")
    return g.lang


def bad_parameter(name: str) -> ApiError:
    return ApiError(400, "bad_parameter", _("Ongeldige waarde voor {name}.", name=name), parameter=name)


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Niet gevonden"))


@bp.before_app_request
def _routing_errors():
    """Unknown paths and methods under /api/v1 answer JSON too (the app's own pages answer HTML)."""
    failed = request.routing_exception
    ours = request.path == bp.url_prefix or request.path.startswith(bp.url_prefix + "/")
    if failed is None or not ours:
        return None
    choose_language()
    if isinstance(failed, MethodNotAllowed):
        response = error_response(405, "method_not_allowed", _messages()[405])
        response.headers["Allow"] = ", ".join(sorted(failed.valid_methods or []))
        return response
    if isinstance(failed, NotFound):
        return error_response(404, "not_found", _messages()[404])
    return None  # a redirect to the canonical URL


@bp.before_request
def _language():
    choose_language()


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, **exc.extra)


def _messages() -> dict[int, str]:
    return {
        400: _("Het verzoek is onvolledig of ongeldig."),
        404: _("Niet gevonden"),
        405: _("Deze HTTP-methode kan hier niet."),
        413: _("Het verzoek is te groot."),
        429: _("Te veel verzoeken van dit adres. Wacht even en probeer het opnieuw."),
        500: _("Er ging bij ons iets mis. Probeer het over een paar minuten opnieuw."),
    }


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    """Werkzeug's errors, and any exception (as a 500) when the app does not propagate them."""
    status = exc.code or 500
    code = ERROR_CODES.get(status) or re.sub(r"\W+", "_", (exc.name or "error").lower()).strip("_")
    response = error_response(status, code, _messages().get(status) or exc.description or code)
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response


# The app's handlers for a status (its HTML pages for 400, 404, 500) come before a handler for
# a class, even a blueprint's: so the API names the statuses too.
for _status in ERROR_CODES:
    bp.register_error_handler(_status, _http_error)


def token_required(view):
    """The view runs for a live token only; g.api_token and g.actor ("api:<id>") are set."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        scheme, _space, secret = request.headers.get("Authorization", "").strip().partition(" ")
        secret = secret.strip()
        if scheme.lower() != "bearer" or not secret:
            return error_response(
                401, "unauthorized", _("Geef een API-token mee in de kop Authorization: Bearer <token>.")
            )
        work = web.uow()
        token = tokens.authenticate(work, web.now(), secret)
        if token is None:
            response = error_response(401, "unauthorized", _("Dit API-token is onbekend of ingetrokken."))
            response.headers["WWW-Authenticate"] = 'Bearer realm="popflow", error="invalid_token"'
            return response
        work.commit()  # last_used_at, at most once a minute; the view's own writes commit apart
        g.api_token, g.actor = token, f"api:{token.id}"
        return view(*args, **kwargs)

    wrapped.needs_token = True  # the document asks for the token here, and names the 401
    return wrapped


# Query parameters: strict. A value that is not what the document says is a 400, never ignored.


def _single(name: str) -> str | None:
    values = request.args.getlist(name)
    if len(values) > 1:
        raise bad_parameter(name)
    return values[0] if values else None


def query_int(name: str, default: int | None = None, low: int = 1, high: int = MAX_ID) -> int | None:
    raw = _single(name)
    if raw is None:
        return default
    if not _DIGITS.fullmatch(raw) or not low <= int(raw) <= high:
        raise bad_parameter(name)
    return int(raw)


def query_bool(name: str) -> bool:
    raw = _single(name)
    if raw is None:
        return False
    if raw.lower() not in TRUE + FALSE:
        raise bad_parameter(name)
    return raw.lower() in TRUE


def query_text(name: str, choices: tuple[str, ...] | None = None) -> str | None:
    raw = _single(name)
    if raw is None:
        return None
    if "\x00" in raw or (choices is not None and raw not in choices):
        raise bad_parameter(name)
    return raw.strip() or None


def checked_id(value: int) -> int:
    """A path id the database can hold; anything larger names nothing."""
    if not 0 < value <= MAX_ID:
        raise not_found()
    return value


def reply(value, status: int = 200):
    """A reply (a dataclass of intake/api/replies.py) as the JSON answer."""
    response = jsonify(to_json(value))
    response.status_code = status
    return response


# JSON bodies: a malformed body or a wrong type is a 400; what the rules refuse is a 422.


def json_body() -> dict:
    if not request.is_json:
        raise ApiError(415, "unsupported_media_type", _("Stuur JSON (Content-Type: application/json)."))

    def no_constants(name: str):
        raise ValueError(name)

    try:
        body = json.loads(request.get_data(cache=True) or b"null", parse_constant=no_constants)
    except (ValueError, RecursionError):
        raise ApiError(400, "bad_json", _("De inhoud van het verzoek is geen geldige JSON.")) from None
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", _("De inhoud van het verzoek moet een JSON-object zijn."))
    return body


@overload
def field_text(body: dict, name: str, required: Literal[True], max_length: int = 200) -> str: ...
@overload
def field_text(body: dict, name: str, required: bool = False, max_length: int = 200) -> str | None: ...
def field_text(body: dict, name: str, required: bool = False, max_length: int = 200) -> str | None:
    """A text of one line; None when it is absent and not required (a required one is never None)."""
    value = body.get(name)
    if value is None and not required and name not in body:
        return None
    shortest = 1 if required else 0
    if not isinstance(value, str) or not _clean(value) or not shortest <= len(value) <= max_length:
        raise bad_field(name)
    return _one_line(name, value)


def field_int(body: dict, name: str, default: int, low: int, high: int) -> int:
    if name not in body:
        return default
    value = body[name]
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 3.0 is an integer in JSON Schema
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise bad_field(name)
    return value


def field_bool(body: dict, name: str, default: bool) -> bool:
    """true or false; absent: the default (0 and 1 are no booleans)."""
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise bad_field(name)
    return value


def field_ints(body: dict, name: str, default: list[int], low: int, high: int, most: int = 5) -> list[int]:
    """A list of whole numbers (days), each within [low, high]; absent: the default."""
    if name not in body:
        return list(default)
    value = body[name]
    if not isinstance(value, list) or len(value) > most:
        raise bad_field(name)
    return [field_int({name: item}, name, 0, low, high) for item in value]


def field_date(body: dict, name: str) -> date:
    value = body.get(name)
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise bad_field(name)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise bad_field(name) from None


def field_texts(body: dict, name: str, max_length: int = 200) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(
        isinstance(item, str) and _clean(item) and len(item) <= max_length for item in value
    ):
        raise bad_field(name)
    return [_one_line(name, item) for item in value]


def _one_line(name: str, value: str) -> str:
    """Names and departments reach mail headers and calendars: a tab, line break or other
    control character is refused with its own message."""
    char = refused_character(value)
    if char is not None:
        raise ApiError(
            400,
            "bad_field",
            _(
                "{name} moet op één regel staan, zonder tab, regeleinde of ander onzichtbaar teken ({char}).",
                name=name,
                char=code_point(char),
            ),
            field=name,
        )
    return value


def bad_field(name: str) -> ApiError:
    return ApiError(400, "bad_field", _("Ongeldige waarde voor {name}.", name=name), field=name)


def _clean(text: str) -> bool:
    """No NUL (PostgreSQL refuses it) and no lone surrogates (not UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
