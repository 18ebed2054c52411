"""Every SMART hint of the agreements form: advice per field, never a block."""

from datetime import date

import pytest

from intake.personal.forms import AgreementForm, smart_advice

TODAY, PLAN_END = date(2027, 4, 5), date(2028, 4, 5)
COMPLETE = {
    "what": "Cursus projectleiding",
    "measurable_result": "Certificaat",
    "owner": "Jan",
    "due_date": date(2027, 9, 1),
}


def advice_for(**changes) -> dict[str, str]:
    return smart_advice(AgreementForm(data={**COMPLETE, **changes}), TODAY, PLAN_END)


def test_a_complete_agreement_gets_no_advice():
    assert advice_for() == {}


@pytest.mark.parametrize(
    "changes, field, text",
    [
        ({"measurable_result": ""}, "measurable_result", "Meetbaar: hoe zien jullie dat het gelukt is?"),
        ({"measurable_result": "   "}, "measurable_result", "Meetbaar: hoe zien jullie dat het gelukt is?"),
        ({"owner": ""}, "owner", "Wie is eigenaar van deze afspraak?"),
        ({"due_date": None}, "due_date", "Tijdgebonden: wanneer moet het klaar zijn?"),
        ({"due_date": date(2027, 4, 4)}, "due_date", "Deze datum ligt in het verleden."),
        ({"due_date": date(2028, 4, 6)}, "due_date", "Deze datum ligt na het einde van de planperiode."),
    ],
)
def test_each_missing_smart_part_is_named_at_its_field(changes, field, text):
    assert advice_for(**changes) == {field: text}


def test_the_edges_of_the_period_are_fine():
    assert advice_for(due_date=TODAY) == {} and advice_for(due_date=PLAN_END) == {}


def test_without_a_planned_conversation_there_is_no_period_to_check():
    form = AgreementForm(data={**COMPLETE, "due_date": date(2031, 1, 1)})
    assert smart_advice(form, TODAY, None) == {}
