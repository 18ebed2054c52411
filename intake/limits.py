"""Per-client limits (Flask-Limiter) on the doors a guesser knocks on: the HR login, the
fresh-link requests and the API.

A limit counts requests per client address, so one client guessing cannot hold others
back; the account itself is protected by intake/hr/login.py's backoff. The counts live
in LIMITER_STORAGE_URL: memory:// is per process, so with several web processes (gunicorn
workers, containers) set a shared redis://… or the limit is per process.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from intake import web
from intake.i18n import _
from shared.config import Config

# Endpoint -> the Config field with its limit; only POST counts (reading the form is free).
POSTS_LIMITED = {
    "hr.login": "login_limit",
    "links.request_link": "link_request_limit",
    "links.renew": "link_request_limit",
}


def install_limits(app: Flask, config: Config) -> Limiter:
    """Call after every blueprint is registered: the limits wrap the registered views."""
    # QUEUE_PREFIX keeps the counts of two installations (or test runs) on one Redis apart.
    # A shared store that is away (Redis restarting) costs no login: the counts go on in memory meanwhile.
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=config.limiter_storage_url,
        headers_enabled=True,
        key_prefix=f"{config.queue_prefix}popflow-limits",
        strategy="fixed-window",
        swallow_errors=True,
        in_memory_fallback_enabled=True,
    )
    limited = {endpoint for endpoint, setting in POSTS_LIMITED.items() if getattr(config, setting)}

    @limiter.request_filter
    def _no_limit_here() -> bool:
        # Only the doors above have limits (no default limits): any other request skips the
        # limiter's lookups. Flask-Limiter's filter, which would also exempt a decorated view.
        return request.endpoint not in limited and not (config.api_limit and request.blueprint == "api")

    for endpoint, setting in POSTS_LIMITED.items():
        limit = getattr(config, setting)
        if limit and endpoint in app.view_functions:
            # A view of either kind (plain or async) comes back typed as one callable of both
            # returns, which Flask's union of the two kinds does not take: the types, not the view.
            app.view_functions[endpoint] = limiter.limit(  # type: ignore[assignment]
                limit, methods=["POST"]
            )(app.view_functions[endpoint])
    if config.api_limit:
        # app.blueprints is typed with Flask's sansio base class; the blueprint is a flask.Blueprint.
        limiter.limit(config.api_limit)(cast(Blueprint, app.blueprints["api"]))

    @app.errorhandler(429)
    def too_many(_e):
        web.choose_language()
        return render_template(
            "message.html",
            title=_("Even wachten"),
            text=_("Er kwamen te veel verzoeken van jouw adres. Wacht een paar minuten en probeer het dan opnieuw."),
        ), 429

    return limiter
