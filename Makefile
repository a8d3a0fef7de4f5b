# ImPACT Hub — the project's commands. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?= -n auto
HOST ?= 127.0.0.1
PORT ?= 8000
# Every absolute link (e-mails, feeds, the Sites domain) follows the address being served.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install run test test-strict lint format migrations-check check-deploy demo bench clean worker beat messages backup restore

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# axe-core, which the browser tests inject into pages to check accessibility (never served).
# Without npm the portal still installs and runs; only that test is then skipped (failed in
# strict mode, as CI runs, where .ci/run installs npm).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund && touch node_modules/.installed; \
	else echo "npm not found: the accessibility browser test will be skipped (apt-get install npm)"; fi

install: $(STAMP) node_modules/.installed  ## create .venv and node_modules (idempotent)

run: $(STAMP)  ## migrate SQLite, load the demo data and serve http://$(HOST):$(PORT)
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py migrate --no-input
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py load_demo
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

# The load tests measure one server's latency under load: alone first, then the rest in parallel.
test: install  ## the whole suite; services that are missing are skipped (strict mode: failed)
	$(BIN)/python -m pytest -m load -p no:randomly
	$(BIN)/python -m pytest $(PYTEST_ARGS) -m "not load"

lint: install  ## ruff, and mypy (django-stubs) over the domain modules listed in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	ALLOWED_HOSTS=impact.example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

# French and Spanish catalogues: templates (.html, e-mail .txt) and Python. The JavaScript has no
# strings of its own (templates hand it translated text in data- attributes), so no djangojs
# domain. Needs GNU gettext; the compiled .mo files are committed so run and CI do not.
messages: install  ## extract strings into locale/{fr,es}/LC_MESSAGES/django.po and compile
	$(BIN)/python manage.py makemessages -l fr -l es -e html,txt,py --add-location=file \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=staticfiles --ignore=test-artifacts \
		--ignore=media --ignore='*.egg-info'
	$(BIN)/python manage.py compilemessages -l fr -l es --ignore=.venv

worker: install  ## a Celery worker against REDIS_URL
	$(BIN)/celery -A impact worker --loglevel=INFO

beat: install
	$(BIN)/celery -A impact beat --loglevel=INFO

bench: install  ## the benchmark at scale (minutes; needs PostgreSQL, Redis and wrk)
	bash bench/run.sh

# Backups of the database named by DATABASE_URL (PostgreSQL) and of the generated files.
# `make backup [BACKUP=folder]`; `make restore BACKUP=folder [RESTORE_DATABASE_URL=url]`.
backup: install  ## pg_dump + the generated files into BACKUP (default backups/<date and time>)
	$(BIN)/python manage.py backup $(if $(BACKUP),--output "$(BACKUP)")

restore: install  ## load BACKUP into RESTORE_DATABASE_URL (default DATABASE_URL) and its files
	@test -n "$(BACKUP)" || (echo "usage: make restore BACKUP=backups/<folder> [RESTORE_DATABASE_URL=...]"; exit 2)
	$(BIN)/python manage.py restore "$(BACKUP)" $(if $(RESTORE_DATABASE_URL),--database-url "$(RESTORE_DATABASE_URL)")

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
