# The two commands: `make run` (the service with demo data) and `make test` (every test).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# pytest-xdist workers for the tests that may run side by side: two per core, as most tests
# spend their time waiting (on the broker, the mail sink, a browser, a process starting).
WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 2) * 2 )))
# Bytecode on (the environment may turn it off): pytest keeps its assertion-rewritten modules.
PYTEST := PYTHONDONTWRITEBYTECODE= $(PY) -m pytest -q -p no:cacheprovider

.PHONY: install run test test-fast audit lint docs clean chromium lock messages

# The exact versions (with hashes) of requirements-dev.lock, then popflow itself on top.
$(STAMP): requirements-dev.lock pyproject.toml intake/translations/en/LC_MESSAGES/messages.po
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(VENV)/bin/pybabel -q compile -d intake/translations
	touch $(STAMP)

install: $(STAMP)

# The lock files from pyproject.toml: requirements.lock (the application, what the Dockerfile
# installs) and requirements-dev.lock (the same pins plus the dev extra, what `make install`
# installs). Run after changing a dependency in pyproject.toml; --upgrade takes the newest
# versions the ranges allow: `make lock LOCK_FLAGS=--upgrade`.
LOCK_FLAGS ?=
PIP_COMPILE := $(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-header $(LOCK_FLAGS)
lock:
	@$(PY) -c "import piptools" 2>/dev/null || $(PY) -m pip install --quiet pip-tools
	$(PIP_COMPILE) --output-file requirements.lock pyproject.toml
	$(PIP_COMPILE) --extra dev --constraint requirements.lock --output-file requirements-dev.lock pyproject.toml

run: install
	$(VENV)/bin/popflow run

# The browser tests drive Debian's Chromium (Playwright downloads no browser here).
chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: the browser tests will say so"

# Lint, the docs and the audit run first, so that pytest's summary is the last line CI reads.
# Everything but the fault tests runs on $(WORKERS) xdist workers (each with a database, queue
# prefix and mail sink of its own). Beside it, in one process of its own, the fault tests that
# kill only their own processes or mail server: they mostly wait out outages and timeouts, so
# they cost the main run little; their output goes to build/faults-beside.log and is shown
# when both are done, and either one failing fails the target. Last, alone in one process,
# the fault tests that stop the machine's PostgreSQL or RabbitMQ, which nothing else may be
# using meanwhile.
test: install chromium
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory docs
	$(MAKE) --no-print-directory audit
	@mkdir -p build; \
	$(PYTEST) -p no:xdist -m "faults and not restarts_services" tests/faults > build/faults-beside.log 2>&1 & \
	beside=$$!; trap 'kill $$beside 2>/dev/null' INT TERM; \
	$(PYTEST) -n $(WORKERS) -m "not faults"; main=$$?; \
	wait $$beside; faults=$$?; \
	echo "----- beside it: the fault tests that kill only their own processes (build/faults-beside.log) -----"; \
	cat build/faults-beside.log; \
	[ $$main -eq 0 ] && [ $$faults -eq 0 ]
	$(PYTEST) -p no:xdist -m restarts_services tests/faults

# The unit tests only: no services, no browser, well under a minute.
test-fast: install
	$(PYTEST) -n $(WORKERS) tests/unit

# Security checks (before the tests). bandit: no finding of medium or high severity (at medium
# or high confidence) in our packages; today there are none, so the bar costs nothing and
# also stops SQL built from strings, unsafe YAML, pickle or XML parsing, shell=True.
# pip-audit: no known vulnerability in any installed package; an unreachable service only
# warns (see .ci/audit_deps.py; AUDIT_STRICT=1 fails on it).
audit: install
	$(VENV)/bin/bandit -q -c pyproject.toml -r shared workflow notifier intake popflow \
		--severity-level medium --confidence-level medium
	$(PY) .ci/audit_deps.py

# The habits (issue 18): ruff's rules and its formatting, and mypy on the packages, all as
# pyproject.toml sets them; each must report nothing.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# The documentation (mkdocs.yml): --strict fails on a broken link or anchor and on a page
# left out of the nav. Not with --quiet: it hides the warnings from --strict as well.
# NO_MKDOCS_2_WARNING silences Material's banner about its future, which is no finding.
# And every variable shared/config.py reads has its row in docs/configuration.md.
docs: install
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir build/docs
	$(PY) -c "import re, sys; from shared.config import ENV_NAMES; text = open('docs/configuration.md').read(); \
		gone = sorted(n for n in ENV_NAMES if not re.search(r'\b' + n + r'\b', text)); \
		sys.exit('docs/configuration.md lacks ' + ', '.join(gone) if gone else 0)"

# The catalogue: every text marked with _, gettext, ngettext, N_ or lazy_ in the files babel.cfg
# names goes into build/messages.pot, and from there into the English messages.po: a new text
# comes in with an empty msgstr to fill in, a text no longer used is kept commented out (#~).
# tests/unit/test_i18n.py runs the same extraction and fails on an empty msgstr.
# N_(singular, plural) is a plural pair; 3t: the same with the formatter's trailing comma.
MESSAGE_KEYWORDS := -k _ -k gettext -k lazy_ -k N_ -k N_:1,2,2t -k N_:1,2,3t -k ngettext:1,2
messages: install
	mkdir -p build
	$(VENV)/bin/pybabel -q extract -F babel.cfg $(MESSAGE_KEYWORDS) --no-default-keywords --no-location \
		--sort-output --no-wrap -o build/messages.pot .
	$(VENV)/bin/pybabel -q update -i build/messages.pot -d intake/translations -l en \
		--no-fuzzy-matching --no-wrap
	$(VENV)/bin/pybabel -q compile -d intake/translations

clean:
	rm -rf $(VENV) var *.egg-info
