"""The API document lists exactly the operations the API's blueprint registers."""

import re

import pytest
from flask import Blueprint, Flask

from intake.api.openapi import build
from intake.api.views import DOCUMENT, bp


def test_the_document_names_every_route_of_the_api_and_no_other():
    app = Flask(__name__)
    app.register_blueprint(bp)
    served = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(bp.url_prefix)), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, operations in DOCUMENT["paths"].items() for method in operations}
    assert served == documented


def test_a_route_without_its_documentation_is_refused():
    undocumented = Blueprint("undocumented", __name__, url_prefix="/x")
    undocumented.add_url_rule("/thing", "thing", lambda: "")
    with pytest.raises(LookupError, match="undocumented.thing"):
        build(undocumented)
