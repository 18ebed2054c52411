"""The POST forms of the page tour, each with the database as it was when the tour showed
it, and an app to post to one of them again and again (tests/integration/test_form_fuzz.py).

At each page of the tour the live SQLite database is copied. A FuzzApp runs the real app
(CSRF on) over its own copy of that snapshot, publishing to no one (no worker), and
reset() puts the copy back: no post changes what the next one sees.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from intake.app import create_app
from shared.clock import SettableClock
from shared.config import Config
from shared.runtime import build_runtime
from tests.conftest import _running_system, _sqlite_copy
from tests.page_tour import tour


@dataclass
class Field:
    name: str
    kind: str  # input type, or textarea / select / button
    choices: list[str] = field(default_factory=list)  # radio and option values, a hidden field's value


@dataclass
class Form:
    name: str
    page: str  # where the form is shown
    action: str
    fields: dict[str, Field]
    hr: bool
    snapshot: Path
    now: datetime
    config_changes: dict = field(default_factory=dict)


class _FormParser(HTMLParser):
    """The POST forms of a page with their fields (the HR logout button aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str | None, dict[str, Field]]] = []
        self._fields: dict[str, Field] | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._fields = {}
            self.forms.append((a.get("action"), self._fields))
        elif self._fields is not None and tag == "option" and self._select is not None:
            self._select.choices.append(a.get("value") or "")
        elif self._fields is not None and tag in ("input", "textarea", "select", "button") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            known = self._fields.setdefault(a["name"], Field(a["name"], kind))
            if a.get("value") is not None and tag != "button":
                known.choices.append(a["value"])
            self._select = known if tag == "select" else None

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None


def post_forms(page_html: str, page_path: str) -> list[tuple[str, dict[str, Field]]]:
    parser = _FormParser()
    parser.feed(page_html)
    # A form without an action posts to the page itself, its query string included.
    return [(action or page_path, fields) for action, fields in parser.forms if action != "/hr/logout"]


def _snapshot(live_url: str, target: Path) -> Path:
    """A consistent copy of the live SQLite database (the worker may hold it open)."""
    source, copy = sqlite3.connect(live_url.removeprefix("sqlite:///")), sqlite3.connect(target)
    with source, copy:
        source.backup(copy)
    source.close()
    copy.close()
    return target


class FuzzApp:
    """The app over a copy of a snapshot, CSRF on, publishing to no one; reset() puts the copy back."""

    def __init__(self, form: Form, base: Config, folder: Path) -> None:
        self.form, self.db = form, folder / f"fuzz-{form.name}.db"
        config = base.with_(database_url=f"sqlite:///{self.db}", broker_url="embedded", **form.config_changes)
        self.reset()
        self.runtime = build_runtime(config, clock=SettableClock(form.now), consumed=False)
        self.app = create_app(self.runtime, testing=True)
        self.client = self.app.test_client()

    def reset(self) -> None:
        if getattr(self, "runtime", None) is not None:
            self.runtime.engine.dispose()  # no connection may keep the old file
        for leftover in (self.db.with_name(self.db.name + "-wal"), self.db.with_name(self.db.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copy(self.form.snapshot, self.db)

    def csrf_token(self, path: str) -> str:
        page = self.client.get(path)
        assert page.status_code in (200, 410), (path, page.status_code)
        return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)

    def log_in_as_hr(self) -> None:
        token = self.csrf_token("/hr/login")
        answer = self.client.post(
            "/hr/login", data={"csrf_token": token, "email": "hr@voorbeeld.nl", "password": "geheim-wachtwoord"}
        )
        assert answer.status_code == 302


def collect_forms(folder: Path, sqlite_template: Path) -> tuple[dict[str, Form], Config, Path]:
    """Walk the tour once: every POST form it shows, each with the database as it was then."""
    found: dict[str, Form] = {}
    with _running_system(Config(database_url=_sqlite_copy(folder, sqlite_template)), folder) as system:
        live, base = system.config.database_url, system.config
        for visit in tour(system):
            snap = _snapshot(live, folder / f"{visit.name}.db")
            probe = Form(visit.name, visit.path, visit.path, {}, visit.hr, snap, system.clock.now())
            fuzz = FuzzApp(probe, base, folder)
            if visit.hr:
                fuzz.log_in_as_hr()
            page = fuzz.client.get(visit.path)
            for action, fields in post_forms(page.get_data(as_text=True), visit.path):
                if all(form.action != action for form in found.values()):  # hr-pop-action: the same form again
                    # A second form on the page (the overview's "end my links"): named by its action.
                    name = visit.name if visit.name not in found else f"{visit.name}-{action.rsplit('/', 1)[-1]}"
                    found[name] = replace(probe, name=name, action=action, fields=fields)
            if visit.name == "employee-overview":
                found["link-renew"] = _renew_form(fuzz, probe)
            if visit.name == "employee-agreements":
                found["employee-sign"] = _sign_form(probe, base, folder)
            fuzz.runtime.close()
    return found, base, folder


def _renew_form(fuzz: FuzzApp, probe: Form) -> Form:
    """The expired-link page's one click, shown by an app whose clock is past the link's end."""
    expired = replace(probe, name="link-renew", now=probe.now + timedelta(days=800))
    page = FuzzApp(expired, fuzz.runtime.config, fuzz.db.parent)
    ((action, fields),) = post_forms(page.client.get(probe.page).get_data(as_text=True), probe.page)
    page.runtime.close()
    return replace(expired, action=action, fields=fields)


def _sign_form(probe: Form, base: Config, folder: Path) -> Form:
    """The overview's signing form, once the employee saved a plan (on a copy of this moment)."""
    from intake import commands
    from shared.models import Pop

    planned = replace(probe, name="employee-sign", page=probe.page.removesuffix("/agreements"))
    fuzz = FuzzApp(planned, base, folder)
    with fuzz.runtime.uow() as uow:
        pop = uow.session.get(Pop, 1)
        commands.save_agreements(
            uow, probe.now, pop, pop.employee, [commands.AgreementInput(what="Cursus plannen", owner="Jan")], None
        )
        uow.commit()
    fuzz.runtime.engine.dispose()
    snap = _snapshot(f"sqlite:///{fuzz.db}", folder / "employee-sign.db")
    ((action, fields),) = [
        (action, fields)
        for action, fields in post_forms(fuzz.client.get(planned.page).get_data(as_text=True), planned.page)
        if action.endswith("/sign")
    ]
    fuzz.runtime.close()
    return replace(planned, action=action, fields=fields, snapshot=snap)


def send(client, path: str, data: dict):
    """Files go as a multipart body built here: the test client spools a large one to a
    temporary file it never closes (a ResourceWarning, an error under filterwarnings)."""
    if not any(isinstance(value, tuple) for value in data.values()):
        return client.post(path, data=data)
    fields = MultiDict()
    for name, value in data.items():
        if isinstance(value, tuple):
            value = FileStorage(stream=value[0], filename=value[1], content_type="application/octet-stream")
        for one in value if isinstance(value, list) else [value]:
            fields.add(name, one)
    boundary, body = encode_multipart(fields)
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def open_form(forms, name: str) -> tuple[FuzzApp, Form, str]:
    """The app for one form of collect_forms(), logged in where it is an HR page, and a CSRF token."""
    found, base, folder = forms
    form = found[name]
    fuzz = FuzzApp(form, base, folder)
    if form.hr:
        fuzz.log_in_as_hr()
    return fuzz, form, fuzz.csrf_token(form.page)
