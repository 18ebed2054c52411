# The two commands: `make run` (the service with demo data) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test clean chromium

$(STAMP): pyproject.toml intake/translations/en/LC_MESSAGES/messages.po
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	$(VENV)/bin/pybabel -q compile -d intake/translations
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/popflow run

# The browser tests drive Debian's Chromium (Playwright downloads no browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: the browser tests will say so"

test: install chromium
	$(PY) -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) var *.egg-info
