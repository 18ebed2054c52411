"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json (no token needed).

It describes exactly what the views do; tests/integration/test_api_schema.py checks the
two against each other with schemathesis.
"""
from __future__ import annotations

from intake.api.tokens import MAX_ID
from intake.i18n import translate
from intake.people_table import MESSAGES
from intake.pop_query import PHASES
from shared.round_settings import ROUND_SETTINGS, RoundSetting

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict, required: list[str] | None = None, **more) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties) if required is None else required,
            **more}


def _json(schema: dict, description: str, **more) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}, **more}


def _error(description: str, schema: str = "Error") -> dict:
    return _json(_ref(schema), description)


ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
NULLABLE_ID = {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID}
TEXT = {"type": "string"}
NULLABLE_TEXT = {"type": ["string", "null"]}
MOMENT = {"type": "string", "format": "date-time"}
NULLABLE_MOMENT = {"type": ["string", "null"], "format": "date-time"}
DAY = {"type": "string", "format": "date"}
NULLABLE_DAY = {"type": ["string", "null"], "format": "date"}
COUNT = {"type": "integer", "minimum": 0}
NO_NUL = {"type": "string", "pattern": "^[^\\x00]*$"}
# A name or department: one line, no control character (shared/safe_text.refused_character).
ONE_LINE = {"type": "string", "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$",
            "description": "One line: no tab, line break or other control character."}
PER_PHASE = _obj({phase: COUNT for phase in PHASES}, additionalProperties=False)

UNAUTHORIZED = {
    "description": "No token, or an unknown, revoked or expired one, or one of a disabled HR user. "
                   "Send `Authorization: Bearer <token>`; the HR session cookie does not count.",
    "headers": {"WWW-Authenticate": {"description": "`Bearer realm=\"popflow\"`, with "
                                                    "`error=\"invalid_token\"` for a token that does not work",
                                     "required": True, "schema": {"type": "string", "pattern": "^Bearer"}}},
    "content": {"application/json": {"schema": _ref("Error")}},
}
BAD_REQUEST = _error("A parameter or field is missing, has the wrong type or is out of range "
                     "(`bad_parameter`, `bad_field`, `bad_json`, `unknown_field`, `file_missing`).")
NOT_FOUND = _error("No such round or POP (`not_found`).")


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": ID, "description": f"The {what}'s id."}


def setting_input(setting: RoundSetting) -> dict:
    """What a new round accepts for a setting: shared/round_settings.py's bounds, default and help."""
    number = {"type": "integer", "minimum": setting.low, "maximum": setting.high}
    told = {"default": list(setting.default) if setting.many else setting.default,
            "description": translate(setting.help, "en")}
    return {"type": "array", "items": number, "maxItems": setting.most, **told} if setting.many else {**number, **told}


def setting_output(setting: RoundSetting) -> dict:
    """What a round answers: what it holds (a round of before may hold a value now out of bounds)."""
    return {"type": "array", "items": {"type": "integer"}} if setting.many else {"type": "integer"}


LIMIT = _query("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}, "Page size.")

SCHEMAS = {
    "Error": _obj({
        "error": {"type": "string", "description": "Stable code: unauthorized, not_found, bad_parameter, "
                                                   "bad_field, bad_json, unknown_field, ... or an InputError code."},
        "message": {"type": "string", "description": "Dutch, or English when Accept-Language prefers it."},
        "parameter": TEXT, "field": TEXT,
    }, required=["error", "message"]),
    "Person": _obj({
        "id": ID, "name": TEXT, "email": TEXT, "manager_email": NULLABLE_TEXT, "department": TEXT,
        "language": TEXT, "employee_number": NULLABLE_TEXT, "active": {"type": "boolean"},
    }, additionalProperties=False),
    "PeoplePage": _obj({
        "items": {"type": "array", "items": _ref("Person")}, "total": COUNT,
        "next": {**NULLABLE_ID, "description": "Pass as `after` for the next page; null on the last page."},
    }, additionalProperties=False),
    "ImportResult": _obj({"created": COUNT, "updated": COUNT, "unchanged": COUNT, "dry_run": {"type": "boolean"}},
                         additionalProperties=False),
    "ImportProblem": _obj({
        "row": {"type": "integer", "minimum": 0, "description": "As the spreadsheet shows it: the header is 1; "
                                                                "0 is the whole file."},
        "column": TEXT, "code": {"type": "string", "enum": sorted(MESSAGES)}, "value": TEXT, "message": TEXT,
    }, additionalProperties=False),
    "ImportRefused": _obj({
        "error": {"const": "invalid_file"}, "message": TEXT, "dry_run": {"type": "boolean"},
        "problems": {"type": "array", "minItems": 1, "items": _ref("ImportProblem")},
    }, additionalProperties=False),
    "RoundInput": _obj({
        "name": {**ONE_LINE, "minLength": 1, "maxLength": 200},
        "meetings_from": {**DAY, "description": "First day of the meetings."},
        "meetings_until": {**DAY, "description": "Last day of the meetings (not before meetings_from, not past)."},
        "departments": {"type": "array", "items": {**ONE_LINE, "maxLength": 200}, "default": [],
                        "description": "Known departments only; empty means everyone."},
        **{s.name: setting_input(s) for s in ROUND_SETTINGS},
    }, required=["name", "meetings_from", "meetings_until"], additionalProperties=False),
    "Round": _obj({
        "id": ID, "name": TEXT, "departments": {"type": "array", "items": TEXT}, "meetings_from": NULLABLE_DAY,
        "meetings_until": NULLABLE_DAY, **{s.name: setting_output(s) for s in ROUND_SETTINGS},
        "question_set": TEXT, "created_at": MOMENT, "launched_at": NULLABLE_MOMENT,
    }, additionalProperties=False),
    "RoundList": _obj({"items": {"type": "array", "items": _ref("Round")}}, additionalProperties=False),
    "Launched": _obj({"round_id": ID, "created": COUNT, "already_open": COUNT, "managers_asked": COUNT},
                     additionalProperties=False),
    "Summary": _obj({
        "round_id": ID, "name": TEXT, "total": COUNT, "phases": PER_PHASE,
        "overdue": {**PER_PHASE, "description": "Per phase: POPs with something overdue."},
        "overdue_kinds": {"type": "object", "additionalProperties": COUNT,
                          "description": "preparation:employee, signature:manager, ...: how many POPs."},
        "departments": {"type": "object", "additionalProperties": PER_PHASE},
    }, additionalProperties=False),
    "PopRow": _obj({
        "id": ID, "state": {"type": "string", "enum": list(PHASES)},
        "overdue": {"type": "string", "description": "Comma-separated marks, empty when nothing is overdue."},
        "round_name": TEXT, "employee_name": TEXT, "employee_email": TEXT, "department": TEXT,
        "manager_name": TEXT, "manager_email": TEXT, "meeting_start": NULLABLE_MOMENT,
        "declined": {"type": "boolean", "description": "A meeting ahead was declined: a new time is needed."},
    }, additionalProperties=False),
    "PopPage": _obj({
        "items": {"type": "array", "items": _ref("PopRow")}, "total": COUNT,
        "next": {**NULLABLE_ID, "description": "Pass as `before` for the next page; null on the last page."},
    }, additionalProperties=False),
    "TimelineEntry": _obj({
        "at": MOMENT, "kind": TEXT, "actor": TEXT, "data": {"type": "object"}, "outcome": TEXT,
        "handled": {"type": "boolean"},
    }, additionalProperties=False),
    "FailedMails": _obj({"total": COUNT, "items": {"type": "array", "items": _obj({
        "id": ID, "pop_id": NULLABLE_ID, "kind": TEXT, "recipient_id": ID, "recipient_email": NULLABLE_TEXT,
        "attempts": COUNT, "error": {**TEXT, "description": "The machine's reason (`550 …`, `render: …`, `send: …`)."},
        "why": {**TEXT, "description": "The reason in HR's words (Dutch, or English by Accept-Language)."},
        "last_attempt_at": NULLABLE_MOMENT, "created_at": MOMENT,
    }, additionalProperties=False)}}, additionalProperties=False),
    "Resent": _obj({"resent": {**COUNT, "description": "How many failed mails are on their way again."},
                    "refused": {**COUNT, "description": "How many were dropped instead: their recipient is no "
                                "longer in the POP (a former manager), so the mail would show them the POP "
                                "as it is now."}},
                   additionalProperties=False),
    "Timeline": _obj({"pop_id": ID, "items": {"type": "array", "items": _ref("TimelineEntry")}},
                     additionalProperties=False),
    "PopDetail": _obj({
        "id": ID, "state": {"type": "string", "enum": list(PHASES)}, "employee": TEXT, "manager": TEXT,
        "question_set": TEXT,
        "meetings": {"type": "array", "items": _obj({
            "kind": TEXT, "uid": TEXT, "sequence": {"type": "integer"}, "start": MOMENT, "end": MOMENT,
            "location": TEXT, "cancelled": {"type": "boolean"},
            "attendees": {"type": "array", "items": _obj({
                "email": TEXT, "role": TEXT, "status": TEXT, "answered_sequence": {"type": ["integer", "null"]},
                "answered_at": NULLABLE_MOMENT}, additionalProperties=False)},
        }, additionalProperties=False)},
        "agreements": {"type": "array", "items": _obj({
            "what": TEXT, "measurable_result": TEXT, "owner": TEXT, "due_date": NULLABLE_DAY, "kind": TEXT,
            "activity": TEXT, "cost_eur": {"type": ["string", "null"], "description": "Decimal, e.g. \"1250.00\""},
            "hours": {"type": ["integer", "null"]}, "support": TEXT, "status": TEXT,
        }, additionalProperties=False)},
        "plan_goal": {**TEXT, "description": "The desired development above the agreements; signed with them."},
        "plan_hash": {"type": ["string", "null"], "description": "SHA-256 of the plan; null while it is empty."},
        "signatures": {"type": "array", "items": _obj({
            "role": TEXT, "signed_at": MOMENT, "content_hash": TEXT,
            "valid": {"type": "boolean", "description": "Signed the current content of the plan."},
        }, additionalProperties=False)},
        "timeline": {"type": "array", "items": _ref("TimelineEntry")},
    }, additionalProperties=False),
}

SECURED = [{"bearerAuth": []}]
PATHS = {
    "/openapi.json": {"get": {
        "operationId": "openapi", "summary": "This document.", "security": [],
        "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
    }},
    "/people": {"get": {
        "operationId": "listPeople", "summary": "Everyone, by id, a page at a time.", "tags": ["people"],
        "parameters": [LIMIT, _query("after", ID, "The `next` of the previous page.")],
        "responses": {"200": _json(_ref("PeoplePage"), "A page of people."), "400": BAD_REQUEST,
                      "401": UNAUTHORIZED},
    }},
    "/people/import": {"post": {
        "operationId": "importPeople", "tags": ["people"],
        "summary": "Create and update people from a CSV or XLSX file (the format of `popflow people import`).",
        "description": "Columns: name, email, manager_email, department, language, employee_number, timezone "
                       "(Dutch headers too). Every row is checked first: with any problem nothing is written. "
                       "Importing the same file twice changes nothing.",
        "parameters": [_query("dry_run", {"type": "boolean", "default": False},
                              "Only check and count: nothing is written.")],
        "requestBody": {"required": True, "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {"schema": _obj({"file": {"type": "string", "format": "binary"}})},
        }},
        "responses": {
            "200": _json(_ref("ImportResult"), "What the import did (or, on a dry run, would do)."),
            "400": BAD_REQUEST, "401": UNAUTHORIZED,
            "413": _error("The file is larger than 1 MiB (`too_large`)."),
            "415": _error("Not CSV, XLSX or multipart (`unsupported_media_type`)."),
            "422": _json(_ref("ImportRefused"), "The file has problems; nothing was written."),
        },
    }},
    "/rounds": {
        "get": {
            "operationId": "listRounds", "summary": "Every round, newest first.", "tags": ["rounds"],
            "responses": {"200": _json(_ref("RoundList"), "The rounds."), "401": UNAUTHORIZED},
        },
        "post": {
            "operationId": "createRound", "summary": "A new round (not launched yet).", "tags": ["rounds"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("RoundInput")}}},
            "responses": {
                "201": _json(_ref("Round"), "The round."), "400": BAD_REQUEST, "401": UNAUTHORIZED,
                "415": _error("Not `application/json` (`unsupported_media_type`)."),
                "422": _error("Refused by the rules: round_name_missing, round_name_taken, round_period_reversed, "
                              "round_period_past, unknown_department."),
            },
        },
    },
    "/rounds/{round_id}/summary": {"get": {
        "operationId": "roundSummary", "summary": "Counts per phase, overdue, per department.", "tags": ["rounds"],
        "parameters": [_path_id("round_id", "round")],
        "responses": {"200": _json(_ref("Summary"), "The counts."), "401": UNAUTHORIZED, "404": NOT_FOUND},
    }},
    "/rounds/{round_id}/launch": {"post": {
        "operationId": "launchRound", "tags": ["rounds"],
        "summary": "A POP for everyone in scope; each manager is asked to plan. Again adds only newcomers.",
        "parameters": [_path_id("round_id", "round")],
        "responses": {"200": _json(_ref("Launched"), "What the launch did."), "401": UNAUTHORIZED,
                      "404": NOT_FOUND,
                      "422": _error("loose_round_not_launched: the round of loose conversations is never launched.")},
    }},
    "/pops": {"get": {
        "operationId": "listPops", "summary": "POPs with HR's filters, newest first.", "tags": ["pops"],
        "parameters": [
            _query("round", ID, "Only this round."),
            _query("phase", {"type": "string", "enum": list(PHASES)}, "Only this phase."),
            _query("department", NO_NUL, "Only employees of this department (exactly; empty: any)."),
            _query("manager", NO_NUL, "Only POPs with this manager (e-mail address, any case; empty: any)."),
            _query("overdue", {"type": "boolean", "default": False}, "Only POPs with something overdue."),
            LIMIT, _query("before", ID, "The `next` of the previous page."),
        ],
        "responses": {"200": _json(_ref("PopPage"), "A page of POPs and the number of all that match."),
                      "400": BAD_REQUEST, "401": UNAUTHORIZED},
    }},
    "/pops/{pop_id}": {"get": {
        "operationId": "getPop", "tags": ["pops"],
        "summary": "One POP: meetings, agreements, signatures, timeline; never the private preparation answers.",
        "parameters": [_path_id("pop_id", "POP")],
        "responses": {"200": _json(_ref("PopDetail"), "The POP."), "401": UNAUTHORIZED, "404": NOT_FOUND},
    }},
    "/pops/{pop_id}/timeline": {"get": {
        "operationId": "popTimeline", "summary": "Every event of one POP, oldest first.", "tags": ["pops"],
        "parameters": [_path_id("pop_id", "POP")],
        "responses": {"200": _json(_ref("Timeline"), "The events."), "401": UNAUTHORIZED, "404": NOT_FOUND},
    }},
    "/mails/failed": {"get": {
        "operationId": "listFailedMails", "tags": ["mails"],
        "summary": "The mails popflow gave up on (newest 500), with why; `total` counts them all.",
        "responses": {"200": _json(_ref("FailedMails"), "The failed mails."), "401": UNAUTHORIZED},
    }},
    "/mails/failed/resend": {"post": {
        "operationId": "resendFailedMails", "tags": ["mails"],
        "summary": "Send every failed mail again (fix the cause first); each is noted in its POP's timeline.",
        "responses": {"200": _json(_ref("Resent"), "How many were sent again."), "401": UNAUTHORIZED},
    }},
    "/mails/{outbox_id}/resend": {"post": {
        "operationId": "resendFailedMail", "tags": ["mails"],
        "summary": "Send one failed mail again; `resent` is 0 when it is not (or no longer) failed.",
        "parameters": [_path_id("outbox_id", "mail")],
        "responses": {"200": _json(_ref("Resent"), "Whether it was sent again."), "401": UNAUTHORIZED,
                      "404": NOT_FOUND},
    }},
}

# Any operation answers 503 while the database is away (intake/unavailable.py).
UNAVAILABLE = _error("The database cannot be reached for a moment (`unavailable`); try again after the "
                     "`Retry-After` seconds.")
# And 429 past the per-client limit (API_LIMIT, docs/security-accounts.md).
TOO_MANY = _error("Too many requests from this client address (`too_many_requests`); try again after the "
                  "`Retry-After` seconds.")
for _operations in PATHS.values():
    for _operation in _operations.values():
        _operation["responses"].setdefault("503", UNAVAILABLE)
        _operation["responses"].setdefault("429", TOO_MANY)

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "popflow HR API", "version": "1.0.0",
        "description": "People, rounds and POPs for HR's scripts. Authenticate with an HR API token "
                       "(`popflow hr token create --email HR_EMAIL --name NAME`; it works API_TOKEN_DAYS, 365 by "
                       "default) as `Authorization: Bearer <token>`. "
                       "Every error is JSON with a stable `error` code and a `message` in Dutch, or in English "
                       "when `Accept-Language` prefers it.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": SECURED,
    "tags": [{"name": "people"}, {"name": "rounds"}, {"name": "pops"}, {"name": "mails"}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                           "description": "An HR API token; only its SHA-256 is stored."}},
        "schemas": SCHEMAS,
    },
}
