"""The API blueprint with all its routes, and the OpenAPI document at /api/v1/openapi.json."""
from __future__ import annotations

from flask import jsonify

from intake.api import mail_views, people_views, pop_views, round_views  # noqa: F401 - their routes join the blueprint
from intake.api.common import bp
from intake.api.openapi import DOCUMENT

__all__ = ["bp"]


@bp.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)
