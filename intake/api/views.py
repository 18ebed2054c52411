"""The API blueprint with all its routes, and the OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from flask import jsonify

from intake.api import (  # noqa: F401 - their routes join the blueprint
    mail_views,
    people_views,
    pop_views,
    question_set_views,
    round_views,
)
from intake.api.common import bp
from intake.api.openapi import build, documented

__all__ = ["DOCUMENT", "bp"]


@bp.get("/openapi.json")
@documented("openapi", "This document.", responses={200: (dict[str, Any], "The OpenAPI document.")})
def openapi():
    return jsonify(DOCUMENT)


DOCUMENT = build(bp)  # after every route has joined the blueprint
