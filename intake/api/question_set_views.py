"""Question sets: GET /api/v1/question-sets, GET …/<version>, POST … (import); POST /api/v1/question-set-defaults."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, jsonify

from intake import web
from intake.api.common import ApiError, bp, json_body, not_found, reply, token_required
from intake.api.openapi import BAD_REQUEST, documented, error
from intake.api.round_views import ONE_LINE, input_error
from intake.api.schema import named, ref
from intake.commands import InputError
from intake.i18n import _
from intake.question_defaults import department_defaults, set_department_default
from intake.question_files import VersionInfo, export_version, import_file, list_versions
from shared.questionset_format import HELP_LIMIT, ID_LIMIT, MAX_EVALUATION, MAX_QUESTIONS, MAX_THEMES, TEXT_LIMIT


@named
@dataclass(frozen=True)
class QuestionSetList:
    items: list[VersionInfo]
    defaults: dict[str, str]  # department -> its default version


def _line(limit: int, required: bool = False) -> dict:
    return {**ONE_LINE, "maxLength": limit, **({"minLength": 1} if required else {})}


def _text(limit: int) -> dict:
    """Both languages; English may be empty (the Dutch shows)."""
    return {
        "type": "object",
        "required": ["nl", "en"],
        "properties": {"nl": _line(limit, required=True), "en": _line(limit)},
        "additionalProperties": False,
    }


def _list(items: dict, most: int) -> dict:
    return {"type": "array", "items": items, "minItems": 1, "maxItems": most}


QUESTION = {
    "type": "object",
    "required": ["id", "text", "source"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9_]*$", "maxLength": ID_LIMIT},
        "text": _text(TEXT_LIMIT),
        "source": _line(40, required=True),
        "core": {"type": "boolean", "description": "Shown at once; otherwise behind the theme's fold."},
        "help": _text(HELP_LIMIT),
        "required": {"type": "boolean", "description": "Ready to share needs an answer to it (default false)."},
        "shared": {"type": "boolean", "description": "Its share box starts ticked (default false)."},
    },
    "additionalProperties": False,
}
THEME = {
    "type": "object",
    "required": ["id", "title", "questions"],
    "properties": {
        "id": QUESTION["properties"]["id"],  # type: ignore[index]
        "title": _text(TEXT_LIMIT),
        "help": _text(HELP_LIMIT),
        "department": {"type": "boolean", "description": "The manager's questions about the department (last)."},
        "questions": _list(ref("QuestionSetQuestion"), MAX_QUESTIONS),
    },
    "additionalProperties": False,
}
ROLE = {
    "type": "object",
    "required": ["themes"],
    "properties": {"themes": _list(ref("QuestionSetTheme"), MAX_THEMES)},
    "additionalProperties": False,
}
TYPE = {
    "type": "object",
    "required": ["nl", "en", "explain_nl", "explain_en"],
    "properties": {
        "nl": _line(TEXT_LIMIT, required=True),
        "en": _line(TEXT_LIMIT),
        "explain_nl": _line(HELP_LIMIT, required=True),
        "explain_en": _line(HELP_LIMIT),
    },
    "additionalProperties": False,
}
LEVELS = ("low_low", "low_high", "high_low", "high_high")
FILE = {
    "type": "object",
    "description": "Format 2 (docs/forms.md): every text one line; ids unique in the set; "
    f"1 to {MAX_QUESTIONS} questions per role.",
    "required": ["format", "roles", "evaluation", "conversation_types"],
    "properties": {
        "version": {**_line(20), "description": "The key it had where it was exported; an import gives a new one."},
        "format": {"const": 2},
        "name": _line(200),
        "roles": {
            "type": "object",
            "required": ["employee", "manager"],
            "properties": {"employee": ROLE, "manager": ROLE},
            "additionalProperties": False,
        },
        "evaluation": _list(ref("QuestionSetQuestion"), MAX_EVALUATION),
        "conversation_types": {
            "type": "object",
            "required": list(LEVELS),
            "properties": dict.fromkeys(LEVELS, TYPE),
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
EXPORTED = {**FILE, "required": ["version", "format", "name", "roles", "evaluation", "conversation_types"]}
SCHEMAS = {"QuestionSetQuestion": QUESTION, "QuestionSetTheme": THEME, "QuestionSetFile": FILE}
VERSION = {
    "name": "version",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[vs][0-9]{1,9}$"},
    "description": "v1, v2 (shipped) or s1, s2, ... (published by HR). A draft has none.",
}


@bp.get("/question-sets")
@documented(
    "listQuestionSets",
    "Every version a round can pick: HR's published ones, newest first, then the shipped ones.",
    tag="question-sets",
    responses={200: (QuestionSetList, "The versions, and the departments' defaults.")},
)
@token_required
def list_question_sets():
    work = web.uow()
    return reply(QuestionSetList(items=list_versions(work, lang=g.lang), defaults=department_defaults(work)))


@bp.get("/question-sets/<version>")
@documented(
    "getQuestionSet",
    "One version as a file (the format of `popflow questions export`).",
    tag="question-sets",
    parameters=(VERSION,),
    responses={
        200: {
            "description": "The version, format 2.",
            "content": {"application/json": {"schema": EXPORTED}},
        },
        404: error("No such version (`not_found`)."),
    },
)
@token_required
def get_question_set(version: str):
    try:
        data = export_version(web.uow(), version, g.lang)
    except InputError:
        raise not_found() from None
    return jsonify(data)


@bp.post("/question-sets")
@documented(
    "importQuestionSet",
    "A file checked and published as a new version of a new set (what `popflow questions import` does).",
    tag="question-sets",
    named=SCHEMAS,
    body={"application/json": ref("QuestionSetFile")},
    responses={
        201: (VersionInfo, "The new version; `version` is its key."),
        400: BAD_REQUEST,
        415: error("Not `application/json` (`unsupported_media_type`)."),
        422: error("Refused by the rules, with `field` the place in the file: qs_bad_id, qs_question_id_taken, ..."),
    },
)
@token_required
def import_question_set():
    body = json_body()
    work = web.uow()
    try:
        key = import_file(work, web.now(), g.actor, body)
    except InputError as exc:
        work.rollback()
        raise _placed(exc) from None
    info = next(i for i in list_versions(work, lang=g.lang) if i.version == key)
    work.commit()
    return reply(info, 201)


def _placed(exc: InputError) -> ApiError:
    refused = input_error(exc)
    if "path" in exc.details:
        refused.extra["field"] = str(exc.details["path"])
    return refused


DEFAULT_INPUT = {
    "type": "object",
    "required": ["department", "version"],
    "properties": {
        "department": _line(200, required=True),
        "version": {
            "type": ["string", "null"],
            "pattern": "^[vs][0-9]{1,9}$",
            "description": "A shipped or published version; null: no default any more.",
        },
    },
    "additionalProperties": False,
}


@bp.post("/question-set-defaults")
@documented(
    "setDepartmentQuestionSet",
    "A department's default: the version a new round for that department alone gets.",
    tag="question-sets",
    named={"DepartmentDefaultInput": DEFAULT_INPUT},
    body={"application/json": ref("DepartmentDefaultInput")},
    responses={
        200: (QuestionSetList, "Every version, and the departments' defaults now."),
        400: BAD_REQUEST,
        415: error("Not `application/json` (`unsupported_media_type`)."),
        422: error("Refused: qs_unknown_department, unknown_question_set."),
    },
)
@token_required
def set_default():
    body = json_body()
    unknown = sorted(set(body) - {"department", "version"})
    if unknown:
        raise ApiError(400, "unknown_field", _("Onbekend veld {name}.", name=unknown[0]), field=unknown[0])
    department, version = body.get("department"), body.get("version")
    if "version" not in body:
        raise ApiError(400, "bad_field", _("Ongeldige waarde voor {name}.", name="version"), field="version")
    if not isinstance(department, str) or not department or len(department) > 200 or "\x00" in department:
        raise ApiError(400, "bad_field", _("Ongeldige waarde voor {name}.", name="department"), field="department")
    if version is not None and (not isinstance(version, str) or len(version) > 20):
        raise ApiError(400, "bad_field", _("Ongeldige waarde voor {name}.", name="version"), field="version")
    work = web.uow()
    try:
        set_department_default(work, web.now(), g.actor, department, version)
    except InputError as exc:
        work.rollback()
        raise input_error(exc) from None
    work.commit()
    return reply(QuestionSetList(items=list_versions(work, lang=g.lang), defaults=department_defaults(work)))
