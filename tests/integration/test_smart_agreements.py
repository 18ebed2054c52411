"""SMART help while writing the plan: advice after a save without JavaScript, the rules on the
page for the script, the two people as choices for "Wie", a warning before signing for a
date out of the plan period, and agreements typed in during the conversation."""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta

from tests.integration.helpers import EMPLOYEE, MANAGER, MEETING_UTC, schedule, seed, state, text_of, to_agreements
from tests.mails import mail_to

PLAN = {
    "loaded_hash": "",
    "agreements-0-what": "Cursus Excel gevorderd volgen",
    "agreements-0-measurable_result": "Certificaat behaald",
    "agreements-0-owner": "Jan Jansen",
    "agreements-0-kind": "",
    "agreements-0-due_date": "2027-09-01",
    "save": "1",
}


def content_hash(page: str) -> str:
    return re.search(r'name="content_hash" type="hidden" value="([0-9a-f]{64})"', page).group(1)


def advice_shown(client, page_path: str) -> list[str]:
    """The tips at the fields (the page also carries every message for its script)."""
    return re.findall(r'<p class="advice" id="[^"]+">([^<]*)</p>', text_of(client.get(page_path)))


def test_a_vague_result_gets_advice_after_a_save_and_saving_still_works(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)
    client = sqlite_system.app().test_client()
    vague = {**PLAN, "agreements-0-what": "Excel", "agreements-0-measurable_result": "beter"}
    assert client.post(employee_home + "/agreements", data=vague).status_code == 302
    assert advice_shown(client, employee_home + "/agreements") == [  # only what is missing
        "Tip (opslaan kan ook zo): Specifiek: beschrijf in een paar woorden wat er precies gebeurt.",
        "Tip (opslaan kan ook zo): Meetbaar: noem een aantal, een datum of iets wat je kunt zien, zoals een "
        "certificaat of een presentatie.",
    ]
    again = {**PLAN, "loaded_hash": content_hash_of(client, employee_home)}
    assert client.post(employee_home + "/agreements", data=again).status_code == 302
    assert advice_shown(client, employee_home + "/agreements") == []


def content_hash_of(client, home: str) -> str:
    return content_hash(client.get(home).data.decode())


def test_the_page_carries_the_rules_for_its_script_and_offers_both_people_as_who(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)
    client = sqlite_system.app().test_client()
    raw = client.get(employee_home + "/agreements?lang=en").data.decode()
    rules = json.loads(html.unescape(re.search(r"data-smart='([^']*)'", raw).group(1)))
    assert rules["messages"]["owner"] == "Who owns this agreement?" and "{advice}" in rules["tip"]
    assert 'data-today="2027-04-05"' in raw and 'data-plan-end="2028-04-05"' in raw
    assert '<script src="/static/smart.js" defer></script>' in raw and "<script>" not in raw
    assert 'list="owner-choices"' in raw
    choices = re.search(r'<datalist id="owner-choices">(.*?)</datalist>', raw).group(1)
    assert '<option value="Jan Jansen">' in choices and '<option value="Marieke de Vries">' in choices
    assert "Choose Jan Jansen or Marieke de Vries, or type another name." in html.unescape(raw)


def test_the_sign_page_warns_for_a_past_due_date_before_the_button(sqlite_system):
    employee_home, manager_home = to_agreements(sqlite_system)  # today is 5 April 2027
    client = sqlite_system.app().test_client()
    past = {
        **PLAN,
        "agreements-1-what": "Presentatie geven aan het team",
        "agreements-1-kind": "",
        "agreements-1-due_date": "2027-03-01",
    }
    assert client.post(employee_home + "/agreements", data=past).status_code == 302
    page = text_of(client.get(manager_home))
    warning = "Afspraak 2 (Presentatie geven aan het team): Deze datum ligt in het verleden."
    assert "Let op, voordat je ondertekent: kijk deze datums nog eens na." in page and warning in page
    assert "Afspraak 1 (" not in page  # 1 September is inside the period
    assert page.index(warning) < page.index("Ik onderteken dit plan")
    # A warning, not a block: signing works, and the signed side is not warned again.
    assert client.post(employee_home + "/sign", data={"content_hash": content_hash(page)}).status_code == 302
    signed = text_of(client.get(employee_home))
    assert "ondertekend op" in signed and warning not in signed


def test_a_due_date_after_the_plan_period_is_named_before_signing(sqlite_system):
    employee_home, _ = to_agreements(sqlite_system)  # conversation 5 April 2027, plan of 12 months
    client = sqlite_system.app().test_client()
    assert (
        client.post(employee_home + "/agreements", data={**PLAN, "agreements-0-due_date": "2028-06-01"}).status_code
        == 302
    )
    english = text_of(client.get(employee_home + "?lang=en"))
    assert "Agreement 1 (Cursus Excel gevorderd volgen): This date is after the end of the plan period." in english


def test_agreements_can_be_saved_during_the_conversation_and_signed_after_it(sqlite_system):
    seed(sqlite_system)
    schedule(sqlite_system)
    employee_home = mail_to(sqlite_system.sink.directory, EMPLOYEE)[0].home_path
    manager_home = mail_to(sqlite_system.sink.directory, MANAGER)[0].home_path
    client = sqlite_system.app().test_client()
    sqlite_system.clock.set(MEETING_UTC - timedelta(hours=1))  # before it: nothing agreed yet
    sqlite_system.tick()
    sqlite_system.settle()
    early = client.get(employee_home + "/agreements", follow_redirects=True)
    assert "De afspraken kunnen nu niet worden gewijzigd." in text_of(early)
    sqlite_system.clock.set(MEETING_UTC + timedelta(minutes=20))  # the conversation is going on
    sqlite_system.tick()
    sqlite_system.settle()
    assert state(sqlite_system) == "alignment"
    assert client.get(manager_home + "/agreements").status_code == 200
    assert client.post(manager_home + "/agreements", data=PLAN).status_code == 302
    during = text_of(client.get(employee_home))
    assert "Cursus Excel gevorderd volgen" in during
    assert "Ondertekenen kan als het gesprek voorbij is." in during and "Ik onderteken dit plan" not in during
    sqlite_system.clock.set(MEETING_UTC + timedelta(hours=2))  # after it: the same plan, to sign
    sqlite_system.tick()
    sqlite_system.settle()
    assert state(sqlite_system) == "agreements"
    after = client.get(employee_home).data.decode()
    assert "Cursus Excel gevorderd volgen" in after and "Ik onderteken dit plan" in after
    assert client.post(employee_home + "/sign", data={"content_hash": content_hash(after)}).status_code == 302
