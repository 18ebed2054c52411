"""Rounds: POST /api/v1/rounds, GET /api/v1/rounds, GET …/<id>/summary, POST …/<id>/launch."""

from __future__ import annotations

from typing import Any

from flask import g

from intake import pop_query, rounds, web
from intake.api import replies
from intake.api.common import (
    ApiError,
    bp,
    checked_id,
    field_bool,
    field_date,
    field_int,
    field_ints,
    field_text,
    field_texts,
    json_body,
    not_found,
    reply,
    token_required,
)
from intake.api.openapi import BAD_REQUEST, NOT_FOUND, documented, error, path_id
from intake.api.schema import ref
from intake.commands import InputError
from intake.i18n import ERRORS, _, translate
from intake.rounds import RoundInput
from shared.models import Round
from shared.round_settings import ROUND_SETTINGS, SETTING, RoundSetting, values_of

FIELDS = ("name", "meetings_from", "meetings_until", "departments", "question_set", *SETTING)


def round_reply(rnd: Round) -> replies.Round:
    return replies.Round(
        id=rnd.id,
        name=rnd.name,
        departments=list(rnd.departments or []),
        meetings_from=rnd.meetings_from,
        meetings_until=rnd.meetings_until,
        **values_of(rnd),
        question_set=rnd.question_set,
        created_at=rnd.created_at,
        launched_at=rnd.launched_at,
    )


def input_error(exc: InputError) -> ApiError:
    """422: the rules refused it; the message in the reader's language, as the HR pages say it."""
    return ApiError(422, exc.code, translate(ERRORS.get(exc.code, exc.code), g.lang, **exc.details))


def round_input(body: dict) -> RoundInput:
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise ApiError(400, "unknown_field", _("Onbekend veld {name}.", name=unknown[0]), field=unknown[0])
    return RoundInput(
        name=field_text(body, "name", required=True),
        meetings_from=field_date(body, "meetings_from"),
        meetings_until=field_date(body, "meetings_until"),
        departments=field_texts(body, "departments"),
        question_set=field_text(body, "question_set", max_length=20) or None,
        **settings_in(body),
    )


def settings_in(body: dict) -> dict[str, Any]:
    """Each round setting of the body, by name. Any: a number or a list, as each setting is;
    RoundInput declares them field by field."""
    return {s.name: field_setting(body, s) for s in ROUND_SETTINGS}


# A name or department: one line, no control character (shared/safe_text.refused_character).
ONE_LINE = {
    "type": "string",
    "pattern": "^[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$",
    "description": "One line: no tab, line break or other control character.",
}


def setting_input(setting: RoundSetting) -> dict:
    """What a new round accepts for a setting: shared/round_settings.py's bounds, default and help."""
    if setting.switch:
        return {"type": "boolean", "default": setting.default_on, "description": translate(setting.help, "en")}
    number = {"type": "integer", "minimum": setting.low, "maximum": setting.high}
    told = {
        "default": list(setting.default_days) if setting.many else setting.default_number,
        "description": translate(setting.help, "en"),
    }
    return {"type": "array", "items": number, "maxItems": setting.most, **told} if setting.many else {**number, **told}


# The schema of what round_input reads, in the document as RoundInput.
ROUND_INPUT = {
    "type": "object",
    "required": ["name", "meetings_from", "meetings_until"],
    "properties": {
        "name": {**ONE_LINE, "minLength": 1, "maxLength": 200},
        "meetings_from": {"type": "string", "format": "date", "description": "First day of the meetings."},
        "meetings_until": {
            "type": "string",
            "format": "date",
            "description": "Last day of the meetings (not before meetings_from, not past).",
        },
        "departments": {
            "type": "array",
            "items": {**ONE_LINE, "maxLength": 200},
            "default": [],
            "description": "Known departments only; empty means everyone.",
        },
        "question_set": {
            **ONE_LINE,
            "maxLength": 20,
            "description": "A version of GET /question-sets (never a draft). Absent: the one department's "
            "default, else the newest shipped.",
        },
        **{s.name: setting_input(s) for s in ROUND_SETTINGS},
    },
    "additionalProperties": False,
}


def field_setting(body: dict, setting: RoundSetting) -> int | list[int]:
    """A round setting, with its default and bounds from shared/round_settings.py (as HR's form)."""
    if setting.switch:
        return field_bool(body, setting.name, setting.default_on)
    if setting.many:
        return field_ints(body, setting.name, list(setting.default_days), setting.low, setting.high, setting.most)
    return field_int(body, setting.name, setting.default_number, setting.low, setting.high)


@bp.post("/rounds")
@documented(
    "createRound",
    "A new round (not launched yet).",
    tag="rounds",
    named={"RoundInput": ROUND_INPUT},
    body={"application/json": ref("RoundInput")},
    responses={
        201: (replies.Round, "The round."),
        400: BAD_REQUEST,
        415: error("Not `application/json` (`unsupported_media_type`)."),
        422: error(
            "Refused by the rules: round_name_missing, round_name_taken, round_period_reversed, "
            "round_period_past, unknown_department, unknown_question_set."
        ),
    },
)
@token_required
def create_round():
    data = round_input(json_body())
    work = web.uow()
    known = set(pop_query.departments(work))
    for department in data.departments:
        if department.strip() and department.strip() not in known:
            raise ApiError(422, "unknown_department", _("Er is geen afdeling {name}.", name=department.strip()))
    try:
        made = rounds.create_round(work, web.now(), data, g.actor)
    except InputError as exc:
        work.rollback()
        raise input_error(exc) from None
    work.commit()
    return reply(round_reply(made), 201)


@bp.get("/rounds")
@documented(
    "listRounds", "Every round, newest first.", tag="rounds", responses={200: (replies.RoundList, "The rounds.")}
)
@token_required
def list_rounds():
    return reply(replies.RoundList(items=[round_reply(rnd) for rnd in pop_query.rounds(web.uow())]))


@bp.get("/rounds/<int:round_id>/summary")
@documented(
    "roundSummary",
    "Counts per phase, overdue, per department.",
    tag="rounds",
    parameters=(path_id("round_id", "round"),),
    responses={200: (rounds.Summary, "The counts."), 404: NOT_FOUND},
)
@token_required
def round_summary(round_id: int):
    try:
        summary = rounds.round_summary(web.uow(), checked_id(round_id))
    except InputError:
        raise not_found() from None
    return reply(summary)


@bp.post("/rounds/<int:round_id>/launch")
@documented(
    "launchRound",
    "A POP for everyone in scope; each manager is asked to plan. Again adds only newcomers.",
    tag="rounds",
    parameters=(path_id("round_id", "round"),),
    responses={
        200: (replies.Launched, "What the launch did."),
        404: NOT_FOUND,
        422: error("loose_round_not_launched: the round of loose conversations is never launched."),
    },
)
@token_required
def launch_round(round_id: int):
    work = web.uow()
    try:
        done = rounds.launch_round(work, web.now(), checked_id(round_id), g.actor)
    except InputError as exc:
        work.rollback()
        raise (not_found() if exc.code == "unknown_round" else input_error(exc)) from None
    work.commit()
    return reply(
        replies.Launched(
            round_id=round_id, created=done.created, already_open=done.already_open, managers_asked=done.managers_asked
        )
    )
