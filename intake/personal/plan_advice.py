"""SMART advice around the plan's pages, for the views (the rules: shared/smart.py)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from intake import commands, web
from intake.i18n import _
from shared import smart
from shared.models import Agreement, Pop


def plan_days(pop: Pop) -> tuple[date, date | None]:
    """Today and the plan period's last day, in the organisation's time zone."""
    config = web.runtime().config
    today = web.now().astimezone(ZoneInfo(config.timezone)).date()
    return today, commands.plan_end(web.uow(), pop, config.timezone)


def date_warnings(pop: Pop, agreements: list[Agreement]) -> list[tuple[int, str, str]]:
    """(number, what, advice) of each agreement whose due date is past or after the plan period:
    said before the sign button, not a block (a missing date is the agreements page's advice)."""
    if not agreements:
        return []
    today, end = plan_days(pop)
    warnings = []
    for number, agreement in enumerate(agreements, start=1):
        code = smart.due_advice(agreement.due_date, today, end) if agreement.due_date else None
        if code:
            warnings.append((number, agreement.what, _(smart.MESSAGES[code])))
    return warnings
