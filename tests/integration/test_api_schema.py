"""The API against its own OpenAPI document, in-process with schemathesis: every operation,
with valid and invalid input, never a 5xx, every answer as the document describes it."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from intake.api.people_views import XLSX
from intake.api.tokens import find_hr_user, hash_secret
from intake.api.views import DOCUMENT
from shared.models import ApiToken
from tests.integration.helpers import schedule, seed

# The running system's worker threads (Dramatiq, the broker clients) use the `random` module
# while Hypothesis draws a case; Hypothesis takes that for a strategy using it.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Do not use the `random` module inside strategies:hypothesis.errors.HypothesisDeprecationWarning"
)

SECRET = "schemathesis-test-token-0123456789abcdefghijklmnop"  # this test's token, stored as its hash


class _CurrentApp:
    """WSGI: forwards to the app of the running test. Schemathesis builds its tests at import,
    before any fixture has made an app (and its lazy fixture loader does not run on pytest 9)."""

    target = None

    def __call__(self, environ, start_response):
        return self.target(environ, start_response)


CURRENT = _CurrentApp()
schemathesis.serializer.alias(XLSX, "application/octet-stream")  # the file's bytes as they are
schema = schemathesis.openapi.from_dict(
    DOCUMENT,
    config=schemathesis.Config.from_dict(
        {
            "auth": {"openapi": {"bearerAuth": {"bearer": SECRET}}},
            # 422 is the answer to a request of the right shape that the rules refuse (a period in the
            # past, a taken name, a CSV file without its columns): valid to the schema, still no.
            "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "404", "422"]}},
        }
    ),
)
schema.app = CURRENT


@pytest.fixture
def api(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)  # a POP with a meeting, attendees and a timeline
    with sqlite_system.runtime.uow() as uow:
        uow.session.add(
            ApiToken(
                hr_user_id=find_hr_user(uow, "hr@voorbeeld.nl").id,
                name="schemathesis",
                token_hash=hash_secret(SECRET),
                created_at=sqlite_system.clock.now(),
            )
        )
        uow.commit()
    CURRENT.target = sqlite_system.app()
    # What is tested is what is served.
    assert CURRENT.target.test_client().get("/api/v1/openapi.json").get_json() == DOCUMENT
    yield CURRENT.target
    CURRENT.target = None


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_does_what_its_document_says(case, api):
    response = case.call_and_validate()
    assert response.status_code < 500
