"""Arrows point into shared/ only (docs/architecture.md, "Import arrows"): intake, workflow and
notifier talk through the database and messages named by string; only popflow/ (the CLI that
starts the processes) imports them all. Each import is read with `ast`, so an arrow added later
fails here."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {"intake", "workflow", "notifier", "shared", "popflow"}

# (importing file, imported module): arrows that exist on purpose, each with its reason.
ALLOWED = {
    # intake serves the same documents the notifier mails, rendered by the notifier's own code
    # (one rendering of a signed plan, of a calendar: decision 4). Handing the renderers to
    # create_app from popflow/ would only hide the same dependency behind a parameter.
    ("intake/hr/views.py", "notifier.plan_document"),
    ("intake/personal/plan_views.py", "notifier.plan_document"),
    ("intake/feed.py", "notifier.feed"),
    # HR reads the planning reminder before sending it: the words the notifier will send,
    # composed by its own code, not a copy that could drift (issue 20).
    ("intake/hr/behind_views.py", "notifier.render"),
    # HR's own mail openings: checked, stored and previewed by the code that renders them
    # (the placeholders a kind knows come from its words in notifier/mail_words.py; issue 21).
    ("intake/hr/mail_text_views.py", "notifier"),
    # Development mode only: the demo clock applies what became due at once (`make run`),
    # in the one process where web app, worker and tick run together.
    ("intake/dev/views.py", "workflow.tick"),
}


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def _arrows():
    for package in PACKAGES - {"popflow"}:
        for path in sorted((ROOT / package).rglob("*.py")):
            for module in _imports(path):
                target = module.split(".")[0]
                if target in PACKAGES and target not in (package, "shared"):
                    yield path.relative_to(ROOT).as_posix(), module


def test_every_arrow_points_into_shared_or_is_a_known_exception():
    assert sorted(set(_arrows()) - ALLOWED) == []


def test_every_exception_is_still_needed():
    assert sorted(ALLOWED - set(_arrows())) == []


def test_the_reader_sees_a_lazy_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from notifier.render import x\n", encoding="utf-8")
    assert list(_imports(module)) == ["notifier.render"]
