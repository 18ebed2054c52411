"""English for every Dutch text of the web app (kept complete by tests/unit/test_i18n.py)."""
EN: dict[str, str] = {}
