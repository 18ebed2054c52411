"""The organisation's look from its settings: /theme.css (the accent colour) and /brand/logo.

The CSP allows styles from 'self' only, so the configured colour cannot be written into the
page: it comes as a tiny stylesheet of custom properties that popflow.css reads. The
colour was checked at start (shared/brand.py), so the CSS holds nothing but #rrggbb.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app

from shared.brand import palette
from shared.config import LOGO_TYPES

bp = Blueprint("brand", __name__)

# An hour: a changed colour shows within it, and a page view costs no request for it.
MAX_AGE = 3600


def _config():
    return current_app.extensions["popflow"].config


@bp.get("/theme.css")
def theme() -> Response:
    colours = palette(_config().org_accent)
    css = (
        ":root{"
        f"--accent:{colours.accent};--accent-button:{colours.button};"
        f"--on-accent:{colours.on_button};--link:{colours.link};"
        "}\n"
    )
    response = Response(css, mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


@bp.get("/brand/logo")
def logo() -> Response:
    path = _config().org_logo
    if path is None:
        abort(404)
    # Read whole: a logo is small, and no file stays open behind the response.
    response = Response(path.read_bytes(), mimetype=LOGO_TYPES[path.suffix.lower()])
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    # An SVG opened on its own is a document: no script of its own may run in it.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
