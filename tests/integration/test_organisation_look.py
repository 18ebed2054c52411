"""The organisation's name, logo and accent colour (ORG_NAME, ORG_LOGO, ORG_ACCENT) show on
the pages and in the mails, through the strict CSP: the colour comes as /theme.css."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes, policy

from sqlalchemy import select

from intake.app import create_app
from notifier.render import RenderedMail, render_mail
from shared.models import OutboxMail
from tests.integration.helpers import EMPLOYEE, schedule, seed
from tests.mails import mail_to

ORG = "Zorggroep Noord"
ACCENT = "#e4007c"
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>'


def _organised(system, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_bytes(LOGO)
    return system.config.with_(org_name=ORG, org_accent=ACCENT, org_logo=logo)


def test_a_page_shows_the_organisation_and_its_colour(sqlite_system, tmp_path):
    seed(sqlite_system)
    schedule(sqlite_system)
    home = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    config = _organised(sqlite_system, tmp_path)
    client = create_app(replace(sqlite_system.runtime, config=config), testing=True).test_client()
    page = client.get(home).get_data(as_text=True)
    assert f'<span class="org">{ORG}</span>' in page and f"· {ORG}</title>" in page
    assert 'href="/theme.css"' in page and 'src="/brand/logo"' in page
    theme = client.get("/theme.css")
    assert theme.mimetype == "text/css" and f"--accent:{ACCENT};" in theme.get_data(as_text=True)
    logo = client.get("/brand/logo")
    assert logo.data == LOGO and logo.mimetype == "image/svg+xml"
    assert "sandbox" in logo.headers["Content-Security-Policy"]  # an SVG opened alone runs no script


def test_without_settings_popflow_shows_its_own_name_and_mark(sqlite_system):
    client = sqlite_system.app().test_client()
    page = client.get("/link/request").get_data(as_text=True)
    assert 'class="org"' not in page and "· popflow</title>" in page and "favicon.svg" in page
    assert "--accent:#1f5fa8;" in client.get("/theme.css").get_data(as_text=True)
    assert client.get("/brand/logo").status_code == 404


def test_a_mail_shows_the_organisation_and_its_colour(sqlite_system, tmp_path):
    seed(sqlite_system)
    schedule(sqlite_system)
    config = _organised(sqlite_system, tmp_path)
    with sqlite_system.runtime.uow() as uow:
        mail = uow.session.scalars(select(OutboxMail).where(OutboxMail.kind == "invitation")).first()
        rendered = render_mail(uow, mail, config, sqlite_system.clock.now() + timedelta(minutes=1))
        assert isinstance(rendered, RenderedMail)
        built = rendered.build("<x@popflow.test>").as_string()
    message = message_from_bytes(built.encode(), policy=policy.default)
    html = message.get_body(("html",)).get_content()
    assert ORG in html
    assert f"border-top:6px solid {ACCENT};" in html and f"background:{ACCENT};color:#ffffff;" in html
