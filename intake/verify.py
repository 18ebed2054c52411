"""The public page a signed plan's QR code leads to: /verify/<code>, no login.

It says only whether a plan with this code was signed, when, and its content hash (to
compare with the hash printed in the PDF): no names, no texts, nothing of the POP. The code
is 120 random bits (shared/plan_verification.py), so the page cannot be used to guess plans;
whatever else is typed there gets the same plain "not found" page.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from intake import web
from intake.i18n import LANGUAGES
from shared.plan_verification import by_code, normalised, shown

bp = Blueprint("verify", __name__)


@bp.before_request
def _language() -> None:
    web.choose_language(request.accept_languages.best_match(LANGUAGES, default="nl"))


@bp.get("/verify/<code>")
def page(code: str):
    found = by_code(web.uow(), code)
    if found is None:
        typed = normalised(code)
        return render_template("verify.html", found=None, code=shown(typed) if typed else None), 404
    response = render_template("verify.html", found=found, code=shown(found.code))
    return response, 200, {"X-Robots-Tag": "noindex", "Referrer-Policy": "no-referrer"}
