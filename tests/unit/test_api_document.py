"""The API document lists exactly the operations the API's blueprint registers."""
import re

from flask import Flask

from intake.api.views import DOCUMENT
from intake.api.views import bp


def test_the_document_names_every_route_of_the_api_and_no_other():
    app = Flask(__name__)
    app.register_blueprint(bp)
    served = {(re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix(bp.url_prefix)), method.lower())
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, operations in DOCUMENT["paths"].items() for method in operations}
    assert served == documented
