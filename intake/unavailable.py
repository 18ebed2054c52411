"""While the database is down or restarting: a friendly 503, never a 500 or a traceback.

The engine pings a pooled connection that sat idle before using it, and drops the pool
when a statement finds the server gone (shared/db.py), so once the database is back the
next requests work again without restarting anything; until
then every page says so in the reader's language, with Retry-After.
"""

from __future__ import annotations

import logging

from flask import Flask, g, render_template, request, session
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from intake.i18n import LANGUAGES, _
from shared.log_context import end_scope, new_scope

log = logging.getLogger("popflow.web")

RETRY_AFTER_SECONDS = 60  # "probeer het over een minuut opnieuw"


def database_away(error: Exception) -> bool:
    """Connection trouble (refused, dropped, shutting down, pool exhausted), not a bug in a query."""
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def reader_language() -> str:
    """Without the database we do not know the person: the page's switch, the session's
    choice, then the browser's Accept-Language; Dutch first."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        return asked
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="nl")


def register_unavailable(app: Flask) -> None:
    def unavailable(error: Exception):
        if not database_away(error):
            raise error  # an ordinary failure: the 500 page, logged with its traceback
        # The endpoint, not the path: a personal link's path is its secret.
        log.warning(
            "database unavailable on %s %s: %s",
            request.method,
            request.endpoint,
            str(getattr(error, "orig", error) or error.__class__.__name__).splitlines()[0],
        )
        if request.blueprint == "api":
            from intake.api.common import choose_language, error_response

            choose_language()  # Accept-Language only, as every API answer
            response = error_response(
                503, "unavailable", _("popflow is even niet bereikbaar — probeer het over een minuut opnieuw.")
            )
        else:
            g.lang = reader_language()
            response = app.make_response((render_template("unavailable.html"), 503))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response.headers["Cache-Control"] = "no-store"
        return response

    app.register_error_handler(DBAPIError, unavailable)
    app.register_error_handler(PoolTimeout, unavailable)

    # Each request its own log scope: a personal page binds its POP id (intake/access_web.py),
    # and it must not stay on this thread for the next request.
    @app.before_request
    def _log_scope() -> None:
        g.log_scope = new_scope()

    @app.teardown_request
    def _end_log_scope(_exc=None) -> None:
        scope = g.pop("log_scope", None)
        if scope is not None:
            end_scope(scope)
