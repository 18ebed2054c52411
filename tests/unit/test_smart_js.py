"""The page's SMART advice while typing (intake/static/smart.js, run with node) says what the
server says (shared/smart.py), for the same rules document and any input."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared import smart
from shared.i18n import translate
from tests.js_tools import JS_DIR, required

TODAY = date(2027, 4, 5)
WORDS = st.sampled_from(
    ["beter", "3", "drie", "een", "Certificaat", "presentaties", "gegeven", "maart", "MEI", "Afgerond", "twee-",
     "zelfstandig", "gecertificeerd", "examenS", "onderwerpen", "één", "٣", "３", "İ", "ß", "Σ", "\u2028", "\x00"]
)  # fmt: skip
TEXTS = st.one_of(
    st.just(""),
    st.text(),  # any script
    st.text(st.characters(categories=["Cc", "Zs", "Zl", "Zp", "Po", "Pd"])),  # control characters, spaces, punctuation
    st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=6).map(" ".join),
    st.integers().map(str),
    st.dates().map(date.isoformat),
)
DUE = st.one_of(st.none(), st.dates())


@pytest.fixture(scope="module")
def node_rules():
    node = shutil.which("node")
    if node is None:
        required("node is not on PATH: the SMART rules are checked in JavaScript too")
    process = subprocess.Popen(
        [node, str(JS_DIR / "smart_rules.cjs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )

    def ask(request: dict) -> dict:
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        return json.loads(process.stdout.readline())

    ask({"doc": smart.rules_document(lambda text: translate(text, "en"))})  # the reader's messages, same rules
    yield ask
    process.stdin.close()
    process.wait(timeout=10)
    process.stdout.close()


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS, TEXTS, DUE, st.one_of(st.none(), st.dates()))
def test_javascript_and_python_give_the_same_advice(node_rules, what, result, owner, due, plan_end):
    python = smart.advice(what, result, owner, due, TODAY, plan_end)
    fields = {"what": what, "measurable_result": result, "owner": owner, "due_date": due.isoformat() if due else ""}
    javascript = node_rules(
        {"fields": fields, "today": TODAY.isoformat(), "plan_end": plan_end and plan_end.isoformat()}
    )
    assert javascript == python


def test_the_script_is_static_and_reads_its_rules_from_the_page():
    script = (Path(smart.__file__).parents[1] / "intake" / "static" / "smart.js").read_text(encoding="utf-8")
    assert "dataset.smart" in script and "eval(" not in script and "new Function" not in script
