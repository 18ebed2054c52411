"""create_app: the Flask app over a Runtime (database, broker, clock, config)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, redirect, render_template, request, url_for
from werkzeug.routing import IntegerConverter

from intake import web
from intake.forms_common import error_links
from intake.i18n import (
    AGREEMENT_STATUS_LABELS,
    EVENT_LABELS,
    MAIL_LABELS,
    MAIL_STATUS,
    MEETING_KIND_LABELS,
    MOVE_LABELS,
    OVERDUE_LABELS,
    PARTSTAT_LABELS,
    PHASE_LABELS,
    ROLE_LABELS,
    TRANSLATIONS,
    _,
    current_lang,
    label,
)
from intake.personal.forms import KIND_LABELS
from shared.localtime import format_date, format_when
from shared.runtime import Runtime


class DatabaseId(IntegerConverter):
    """Every <int:…> of a route: ASCII digits (not '١٢'), 1 up to the largest id an INTEGER
    column holds; anything else is a 404 before a view or the database sees it."""

    regex = r"[0-9]{1,10}"

    def __init__(
        self,
        map,
        fixed_digits: int = 0,
        min: int = 1,
        max: int = web.MAX_ID,  # noqa: A002
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def create_app(runtime: Runtime, testing: bool = False) -> Flask:
    app = Flask(__name__)
    app.url_map.converters["int"] = DatabaseId  # before any blueprint adds its rules
    config = runtime.config
    if not config.secret_key:  # never a random key per process: links and sessions would not carry over
        from shared.config import MissingSecretKey

        raise MissingSecretKey("SECRET_KEY is not set; the web app signs sessions and links with it")
    _configure(app, runtime, testing)
    csrf = _protect_forms(app)
    _add_template_globals(app, config)
    _register_blueprints(app, csrf, config)
    _add_security_headers(app, config)
    _add_error_pages(app)
    return app


def _configure(app: Flask, runtime: Runtime, testing: bool) -> None:
    config = runtime.config
    app.config.update(
        SECRET_KEY=config.secret_key,
        TESTING=testing,
        WTF_I18N_ENABLED=False,  # WTForms' own Dutch messages, picked per form
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.base_url.startswith("https"),
        MAX_CONTENT_LENGTH=1024 * 1024,
    )
    app.extensions["popflow"] = runtime
    if config.proxy_hops:  # the client's address for the per-client limits, not the proxy's
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Flask's documented way to wrap its WSGI app; mypy takes the attribute for a plain method.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=config.proxy_hops, x_proto=config.proxy_hops
        )
    app.teardown_appcontext(web.close_uow)


def _protect_forms(app: Flask):
    from flask_wtf.csrf import CSRFProtect

    from intake.hr.people_views import MAX_BYTES

    @app.before_request
    def upload_limit() -> None:
        # The people import takes files up to MAX_BYTES; every other request stays under
        # MAX_CONTENT_LENGTH. Registered before CSRFProtect, which reads the form first.
        if request.endpoint == "hr.people":
            request.max_content_length = MAX_BYTES + 64 * 1024  # and the form around the file
        elif request.endpoint == "hr.question_draft":  # a long set's editor is one form of many fields
            request.max_form_memory_size = request.max_content_length

    return CSRFProtect(app)


def _add_template_globals(app: Flask, config) -> None:
    # Flask-Babel: the request's language for its formatters (amounts, numbers) and our catalogs' place.
    from flask_babel import Babel, format_currency

    Babel(app, locale_selector=current_lang, default_translation_directories=str(TRANSLATIONS))

    @app.template_global("euro")
    def _euro(amount) -> str:
        return format_currency(amount, "EUR") if amount is not None else ""

    @app.template_global("when")
    def _when(moment, tz: str | None = None) -> str:
        return format_when(moment, current_lang(), tz or config.timezone) if moment else ""

    @app.template_global("day")
    def _day(value) -> str:
        return format_date(value, current_lang()) if value else ""

    @app.template_global("round_name")
    def _round_name(rnd) -> str:
        """A round's name in the reader's language; `rnd` a round or its stored name."""
        from intake.commands import DEFAULT_ROUND

        name = rnd if isinstance(rnd, str) else rnd.name
        return _(DEFAULT_ROUND) if name == DEFAULT_ROUND else name

    app.jinja_env.globals.update(
        _=_,
        current_lang=current_lang,
        error_links=error_links,
        dev_mode=config.dev_mode,
        org_name=config.org_name,
        org_logo=config.org_logo is not None,
        event_label=lambda code: label(EVENT_LABELS, code),
        mail_label=lambda code: label(MAIL_LABELS, code),
        mail_status=lambda code: label(MAIL_STATUS, code),
        timedelta=timedelta,
        partstat_label=lambda code: label(PARTSTAT_LABELS, code),
        meeting_label=lambda kind: label(MEETING_KIND_LABELS, kind),
        kind_label=lambda kind: label(KIND_LABELS, kind),
        phase_label=lambda state: label(PHASE_LABELS, state),
        overdue_label=lambda mark: label(OVERDUE_LABELS, mark),
        role_label=lambda role: label(ROLE_LABELS, role),
        status_label=lambda status: label(AGREEMENT_STATUS_LABELS, status),
        move_label=lambda step: label(MOVE_LABELS, step),
    )


def _register_blueprints(app: Flask, csrf, config) -> None:
    from intake.api.views import bp as api_bp
    from intake.feed import bp as feed_bp
    from intake.hr import (  # noqa: F401 - their routes join HR's
        behind_views,
        list_views,
        login,
        mail_text_views,
        mail_views,
        people_views,
        question_default_views,
        question_draft_views,
        question_views,
        round_settings_views,
        round_views,
    )
    from intake.hr.views import bp as hr_bp
    from intake.links import bp as links_bp

    # Their routes join the personal blueprint.
    from intake.personal import (  # noqa: F401
        agenda_views,
        consent_views,
        feed_views,
        link_views,
        meeting_views,
        offer_views,
        pick_views,
        plan_views,
        prepare_views,
        ready_views,
        schedule_overview,
        schedule_views,
    )
    from intake.personal.views import bp as personal_bp

    app.register_blueprint(personal_bp)
    app.register_blueprint(hr_bp)
    app.register_blueprint(feed_bp)
    app.register_blueprint(links_bp)
    from intake.brand import bp as brand_bp
    from intake.verify import bp as verify_bp

    app.register_blueprint(brand_bp)
    app.register_blueprint(verify_bp)  # public, GET only: a signed plan's QR code leads here
    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)  # bearer tokens, never the session cookie: nothing to forge
    from intake.health import bp as health_bp

    app.register_blueprint(health_bp)
    csrf.exempt(health_bp)  # probes and Prometheus: GET only, no session
    if config.dev_mode:
        from intake.dev.views import bp as dev_bp

        app.register_blueprint(dev_bp)
    from intake.limits import install_limits

    install_limits(app, config)  # wraps the registered login, link-request and API views


def _add_security_headers(app: Flask, config) -> None:
    @app.after_request
    def security_headers(response):
        # No inline script or style anywhere, so a strict policy; the dev mail viewer shows
        # mails with their inline styles. Personal links carry their token in the path:
        # no Referer may take it to another site.
        styles = "'self' 'unsafe-inline'" if request.blueprint == "dev" else "'self'"
        response.headers.setdefault(
            "Content-Security-Policy",
            (
                f"default-src 'self'; script-src 'self'; style-src {styles}; img-src 'self' data:; "
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
            ),
        )
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path.startswith(("/p/", "/feed/", "/link/", "/hr/", "/api/")):
            # Personal pages (and their refusals), HR's pages and exports, the API: no browser,
            # proxy or shared computer keeps a copy of what they show about people.
            response.headers["Cache-Control"] = "no-store"
        if config.base_url.startswith("https://"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response


def _add_error_pages(app: Flask) -> None:
    @app.get("/")
    def index():
        return redirect(url_for("hr.pops"))

    @app.errorhandler(404)
    def not_found(_e):
        web.choose_language()
        if request.path.startswith("/p/"):  # a personal link that does not (or no longer) work
            return render_template(
                "message.html",
                title=_("Deze link werkt niet"),
                text=_("De link is onvolledig, ingetrokken of vervangen door een nieuwere."),
                action=(url_for("links.request_link"), _("Vraag een nieuwe link aan")),
            ), 404
        return render_template("message.html", title=_("Niet gevonden"), text=_("Deze pagina bestaat niet.")), 404

    @app.errorhandler(400)
    def bad_request(_e):
        web.choose_language()
        text = _("Het formulier was verlopen of onvolledig. Ga terug en probeer het opnieuw.")
        return render_template("message.html", title=_("Dat ging mis"), text=text), 400

    from intake.unavailable import register_unavailable

    register_unavailable(app)

    @app.errorhandler(413)
    def too_large(_e):
        web.choose_language()
        return render_template("message.html", title=_("Dat ging mis"), text=_("Het verzoek is te groot.")), 413

    @app.errorhandler(500)
    def server_error(_e):
        web.choose_language()
        return render_template(
            "message.html",
            title=_("Er ging iets mis"),
            text=_("Er ging bij ons iets mis. Probeer het over een paar minuten opnieuw."),
        ), 500
