"""No 500 from odd ids or query values on any route: every rule of the URL map, its
converters filled with huge, negative, non-ASCII and overlong values, and query strings
with odd values, anonymous and logged in as HR, on SQLite and PostgreSQL.

The app runs with testing=True, so an exception in a view raises here instead of
becoming a 500 page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.config import Config
from tests.conftest import _empty_pg, _running_system, _sqlite_copy
from tests.integration.helpers import hr_client, schedule, seed

PLACEHOLDER = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
ODD = [
    "99999999999999999999999",
    "2147483648",
    "9223372036854775808",
    "-1",
    "0",
    "00001",
    "١٢",
    "٣",
    "𝟏𝟐",
    "12.5",
    "1e9",
    "x" * 3000,
    "%00",
    "😀",
    " 1",
    "1;DROP TABLE pops",
    "..",
    "NaN",
]
# The query parameters the app reads, found in its source, so a new one is fuzzed too.
INTAKE = Path(__file__).resolve().parents[2] / "intake"
READ = re.compile(r"""(?:args\.get(?:list)?|query_int|query_text|query_bool|query_date|_single)\(\s*["'](\w+)["']""")
QUERY_NAMES = sorted(
    {m.group(1) for p in INTAKE.rglob("*.py") for m in READ.finditer(p.read_text())}
    | {"phase", "round", "department", "manager", "overdue", "page", "sort", "q"}
)
ANONYMOUS_ONLY = {"hr.logout"}  # it would end the HR session the other requests use


def _rules(app):
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=lambda r: r.rule)


def _path(rule, value: str) -> str:
    return PLACEHOLDER.sub(lambda m: quote(value, safe=""), rule.rule)


def _methods(rule) -> list[str]:
    return sorted((rule.methods or set()) & {"GET", "POST"})


def _request(client, method: str, path: str, query: dict | None = None):
    url = path + ("?" + urlencode(query, doseq=True) if query else "")
    response = client.open(url, method=method, data={} if method == "POST" else None)
    assert response.status_code < 500, (method, url, response.status_code)
    return response


def _clients(system):
    seed(system)
    schedule(system)
    app = system.app()
    return app, {"anonymous": app.test_client(), "hr": hr_client(app)}


@pytest.fixture
def clients(system):
    return _clients(system)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_clients(request, tmp_path, sqlite_template):
    """SQLite or PostgreSQL with the in-process broker: hypothesis draws while the app runs,
    and a RabbitMQ or Redis consumer thread's use of `random` would upset its drawing."""
    if request.param == "sqlite":
        url = _sqlite_copy(tmp_path, sqlite_template)
    else:
        url = request.getfixturevalue("pg_database")
        _empty_pg(url)
    with _running_system(Config(database_url=url), tmp_path) as system:
        yield _clients(system)


@pytest.mark.backend
def test_every_route_with_every_odd_value(clients):
    app, by_role = clients
    rules = _rules(app)
    assert len(rules) > 40  # the whole map, not a corner of it
    for rule in rules:
        for value in ODD if rule.arguments else [""]:
            for role, client in by_role.items():
                if role == "hr" and rule.endpoint in ANONYMOUS_ONLY:
                    continue
                for method in _methods(rule):
                    _request(client, method, _path(rule, value))


odd_text = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.integers(-(10**30), 10**30).map(str),
    st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=12),
)


def test_random_ids_and_query_values_on_random_routes(database_clients):
    app, by_role = database_clients
    rules = _rules(app)

    @settings(
        max_examples=60,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        rule=st.sampled_from(rules),
        value=odd_text,
        role=st.sampled_from(sorted(by_role)),
        query=st.dictionaries(st.sampled_from(QUERY_NAMES), st.lists(odd_text, min_size=1, max_size=2), max_size=4),
        post=st.booleans(),
    )
    def one_request(rule, value, role, query, post):
        if role == "hr" and rule.endpoint in ANONYMOUS_ONLY:
            return
        methods = _methods(rule)
        method = "POST" if post and "POST" in methods else methods[0]
        _request(by_role[role], method, _path(rule, value), query)

    one_request()


@pytest.mark.backend
def test_every_get_route_with_odd_query_values(clients):
    app, by_role = clients
    for rule in _rules(app):
        if "GET" not in _methods(rule):
            continue
        for value in ("١٢", "99999999999999999999999", "-1", "x" * 3000):
            for client in by_role.values():
                _request(client, "GET", _path(rule, "1"), {name: value for name in QUERY_NAMES})
