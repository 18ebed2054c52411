"""One poisoned mail in a group: the others go out once, it fails alone after the bounded
attempts with its reason, HR sees it and, once the cause is fixed, sends it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from intake.app import create_app
from shared.models import Event, HrUser, OutboxMail, Person, Pop
from shared.outbox import MAX_ATTEMPTS, add_mail
from tests.integration.helpers import MANAGER, hr_client, schedule, seed, text_of
from tests.integration.test_delivery import outbox, wait_for
from tests.mails import all_mail
from tests.page_tour import visible_text

pytestmark = pytest.mark.backend

BAD_ADDRESS = "mariëke@voorbeeld.nl"  # smtplib cannot write it in RCPT TO: message.send raises


def rows(system) -> dict[int, OutboxMail]:
    return {row.id: row for row in outbox(system)}


def received_ids(system) -> list[str]:
    return [mail.message_id for mail in all_mail(system.sink.directory)]


def poisoned_group(system, pop_id: int) -> tuple[list[int], int, int]:
    """In one transaction (one message): two good mails to the employee, one whose data
    cannot be composed, one to the manager whose address was just made unsendable."""
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        pop.manager.email = BAD_ADDRESS
        now = system.clock.now()
        good = [
            add_mail(uow, now, pop_id=pop_id, kind="exchange", recipient_id=pop.employee_id, sequence="late"),
            add_mail(uow, now, pop_id=pop_id, kind="prepare_reminder", recipient_id=pop.employee_id),
        ]
        unreadable = add_mail(
            uow,
            now,
            pop_id=pop_id,
            kind="exchange",
            recipient_id=pop.employee_id,
            sequence="broken",
            data={"exchange_at": "volgende week dinsdag"},
        )
        unsendable = add_mail(uow, now, pop_id=pop_id, kind="exchange", recipient_id=pop.manager_id, sequence="late")
        uow.commit()
    return good, unreadable, unsendable


def until_failed(system, bad: list[int]) -> None:
    """Move the clock past each backoff and let the tick hand the rows out again, until
    they are failed; never 'sending' in between."""
    for _round in range(3 * MAX_ATTEMPTS):
        now = rows(system)
        assert all(now[i].status in ("pending", "failed") for i in bad), [now[i].status for i in bad]
        if all(now[i].status == "failed" for i in bad):
            return
        before = {i: now[i].attempts for i in bad}
        system.clock.advance(timedelta(hours=2))
        system.tick()
        wait_for(
            lambda before=before: all(
                r.status == "failed" or r.attempts > before[i] and r.status != "sending"
                for i, r in rows(system).items()
                if i in bad
            )
        )
    raise AssertionError("the poisoned mails never became failed")


def test_a_poisoned_mail_fails_alone_and_hr_sends_it_again_once_fixed(system):
    seed(system)
    pop_id = schedule(system)
    good, unreadable, unsendable = poisoned_group(system, pop_id)
    bad = [unreadable, unsendable]
    wait_for(
        lambda: (
            all(rows(system)[i].status == "sent" for i in good)
            and all(rows(system)[i].attempts == 1 and rows(system)[i].status == "pending" for i in bad)
        )
    )
    first = rows(system)
    assert first[unreadable].last_error.startswith("render: ValueError")
    assert first[unsendable].last_error.startswith("send: UnicodeEncodeError")
    assert all(first[i].next_attempt_at > system.clock.now() for i in bad)  # its backoff, not at once

    until_failed(system, bad)
    failed = rows(system)
    assert [failed[i].attempts for i in bad] == [MAX_ATTEMPTS, MAX_ATTEMPTS]
    assert failed[unreadable].last_error.startswith("render: ValueError")
    assert failed[unsendable].last_error.startswith("send: UnicodeEncodeError")
    # Failed rows are HR's to look at, not the tick's to loop on.
    system.clock.advance(timedelta(hours=6))
    system.tick()
    assert [rows(system)[i].attempts for i in bad] == [MAX_ATTEMPTS, MAX_ATTEMPTS]
    sent = received_ids(system)
    assert all(sent.count(first[i].message_id) == 1 for i in good)  # the good ones once, never again
    assert not any(failed[i].message_id and failed[i].message_id in sent for i in bad)

    app = system.app()
    hr = hr_client(app)
    page = text_of(hr.get(f"/hr/pop/{pop_id}"))
    assert "2 e-mail(s) van dit POP konden niet worden verstuurd." in page
    assert "De e-mail kon niet worden opgesteld" in page
    assert "Het e-mailadres bevat tekens die de mailserver niet aanneemt" in page
    assert "Mislukte e-mails (2)" in visible_text(page)  # the menu counts them
    listed = text_of(hr.get("/hr/mails/failed"))
    assert "Alle 2 opnieuw versturen" in listed and listed.count("Opnieuw versturen") == 2
    assert f"<{BAD_ADDRESS}>" in listed and "Marieke de Vries" in listed and "Jan Jansen" in listed

    # HR corrects the address (as an import would), and a fix makes the other one composable.
    with system.runtime.uow() as uow:
        uow.session.execute(update(Person).where(Person.email == BAD_ADDRESS).values(email=MANAGER))
        uow.session.execute(update(OutboxMail).where(OutboxMail.id == unreadable).values(data={}))
        uow.commit()
    answer = hr.post(f"/hr/mails/{unreadable}/resend", data={"back": f"/hr/pop/{pop_id}"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/hr/pop/{pop_id}")
    assert (
        hr.post("/hr/mails/failed/resend", data={"back": "https://elders.example/"})
        .headers["Location"]
        .endswith("/hr/mails/failed")
    )  # back only to an HR page
    system.settle()
    done = rows(system)
    assert [done[i].status for i in bad] == ["sent", "sent"] and [done[i].attempts for i in bad] == [1, 1]
    sent = received_ids(system)
    assert all(sent.count(done[i].message_id) == 1 for i in bad + good)
    assert [m.to for m in all_mail(system.sink.directory) if m.message_id == done[unsendable].message_id] == [
        f"Marieke de Vries <{MANAGER}>"
    ]

    # Pressed again (another tab): nothing is sent twice, nothing recorded twice.
    again = hr.post(f"/hr/mails/{unreadable}/resend", follow_redirects=True)
    assert "Er was niets meer opnieuw te versturen" in text_of(again)
    with system.runtime.uow() as uow:
        hr_id = uow.session.scalar(select(HrUser.id))
        resent = list(uow.session.scalars(select(Event).where(Event.kind == "mail_resent").order_by(Event.id)))
        assert [(e.pop_id, e.actor, e.data["outbox_id"]) for e in resent] == [
            (pop_id, f"hr:{hr_id}", unreadable),
            (pop_id, f"hr:{hr_id}", unsendable),
        ]
        assert resent[1].data["error"].startswith("send: UnicodeEncodeError")
    timeline = text_of(hr.get(f"/hr/pop/{pop_id}"))
    assert timeline.count("E-mail opnieuw verstuurd") == 2 and "konden niet worden verstuurd" not in timeline
    assert "Er zijn geen mislukte e-mails" in text_of(hr.get("/hr/mails/failed"))
    assert len(received_ids(system)) == len(set(received_ids(system)))


def test_resending_needs_the_pages_own_form(sqlite_system):
    """A POST from elsewhere (no CSRF token) sends nothing again."""
    system = sqlite_system
    seed(system)
    pop_id = schedule(system)
    with system.runtime.uow() as uow:
        uow.session.execute(update(OutboxMail).values(status="failed", last_error="550 5.1.1 No such user"))
        uow.commit()
    app = create_app(system.runtime, testing=True)  # CSRF stays on
    client = app.test_client()
    login = client.get("/hr/login")
    assert login.status_code == 200
    for path in ("/hr/mails/1/resend", "/hr/mails/failed/resend"):
        assert client.post(path).status_code in (302, 400)  # not logged in, or no token
    hr = hr_client(system.app())  # logged in, but the POST below comes without a token
    with app.test_client() as other:
        with other.session_transaction() as session, hr.session_transaction() as logged_in:
            session.update(logged_in)
        assert other.post("/hr/mails/failed/resend").status_code == 400
        page = text_of(other.get(f"/hr/pop/{pop_id}"))
        assert "De mailserver weigert deze e-mail" in page
    assert all(row.status == "failed" for row in outbox(system))


def test_a_mail_the_worker_dies_with_every_time_ends_failed(sqlite_system):
    """A claim left 'sending' (the worker was killed) is taken again after the claim
    timeout; after the last attempt it stops as failed instead of looping for ever."""
    system = sqlite_system
    seed(system)
    pop_id = schedule(system)
    with system.runtime.uow() as uow:
        pop = uow.session.get(Pop, pop_id)
        stuck = add_mail(
            uow, system.clock.now(), pop_id=pop_id, kind="exchange", recipient_id=pop.employee_id, sequence="late"
        )
        uow.session.flush()
        uow.session.execute(
            update(OutboxMail)
            .where(OutboxMail.id == stuck)
            .values(
                status="sending", attempts=MAX_ATTEMPTS, claimed_at=system.clock.now(), published_at=system.clock.now()
            )
        )
        uow.session.commit()  # as a killed worker leaves it: no message on its way
    system.clock.advance(timedelta(hours=1))  # past the claim timeout and the republish delay
    assert system.tick().mails == 1
    wait_for(lambda: rows(system)[stuck].status == "failed")
    row = rows(system)[stuck]
    assert row.attempts == MAX_ATTEMPTS + 1 and row.last_error.startswith("worker:")
    assert row.message_id not in received_ids(system)
    page = text_of(hr_client(system.app()).get("/hr/mails/failed"))
    assert "popflow stopte bij elke poging om deze e-mail te versturen" in page


def test_the_api_lists_failed_mails_and_sends_them_again(sqlite_system):
    from intake.api.tokens import find_hr_user, hash_secret
    from shared.models import ApiToken

    system = sqlite_system
    seed(system)
    pop_id = schedule(system)
    with system.runtime.uow() as uow:
        uow.session.add(
            ApiToken(
                hr_user_id=find_hr_user(uow, "hr@voorbeeld.nl").id,
                name="script",
                token_hash=hash_secret("s" * 40),
                created_at=system.clock.now(),
            )
        )
        uow.session.execute(update(OutboxMail).values(status="failed", attempts=1, last_error="550 5.1.1 No such user"))
        uow.commit()
    api = system.app().test_client()
    auth = {"Authorization": "Bearer " + "s" * 40, "Accept-Language": "en"}
    listed = api.get("/api/v1/mails/failed", headers=auth).get_json()
    assert listed["total"] == 2 and {m["pop_id"] for m in listed["items"]} == {pop_id}
    assert all(m["error"].startswith("550") and "refuses this e-mail" in m["why"] for m in listed["items"])
    assert api.post("/api/v1/mails/failed/resend").status_code == 401  # a token, never the cookie
    first = listed["items"][0]["id"]
    assert api.post(f"/api/v1/mails/{first}/resend", headers=auth).get_json() == {"resent": 1, "refused": 0}
    assert api.post(f"/api/v1/mails/{first}/resend", headers=auth).get_json() == {"resent": 0, "refused": 0}
    assert api.post("/api/v1/mails/failed/resend", headers=auth).get_json() == {"resent": 1, "refused": 0}
    system.settle()
    assert all(row.status == "sent" for row in outbox(system))
    with system.runtime.uow() as uow:
        actors = set(uow.session.scalars(select(Event.actor).where(Event.kind == "mail_resent")))
    assert len(actors) == 1 and actors.pop().startswith("api:")
