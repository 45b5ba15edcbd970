# Coalition Portal: `make run` to try it, `make test` to check it. Needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-vnu run test lint format serve bench clean messages compilemessages

help:
	@echo "make run     set up everything, load the demo content and serve http://127.0.0.1:$(PORT)/"
	@echo "make test    lint, migration check and the whole test suite (browser tests included)"
	@echo "make install-vnu  the Nu Html Checker for the HTML validity test (needs npm and Java)"
	@echo "make serve   collectstatic + gunicorn with production settings"
	@echo "make bench   benchmark the main pages with wrk (100,000 pledges; not run in CI)"
	@echo "make format  apply ruff's fixes and formatting"
	@echo "make messages  extract new interface messages into every catalogue (needs GNU gettext)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is required")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall whenever the declared dependencies or the lock change.
$(INSTALLED): pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

install: $(INSTALLED) compilemessages

# The Nu Html Checker (npm's vnu-jar, pinned in package-lock.json) into node_modules/; it runs
# on the system Java (Debian: default-jre-headless). Its install script, which would download
# a Java of its own, is not run (.npmrc).
install-vnu:
	npm ci --ignore-scripts --no-audit --no-fund

# The interface catalogues, compiled with polib (no GNU gettext needed); only changed ones.
compilemessages: $(INSTALLED)
	@$(BIN)/python scripts/messages.py compile

# After adding or changing a message: extract it into every catalogue (needs GNU gettext),
# then translate the new entries in locale/<language>/LC_MESSAGES/django.po.
messages: $(INSTALLED)
	$(BIN)/python scripts/messages.py update

run: export DJANGO_DEBUG ?= 1
run: $(INSTALLED) compilemessages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo
	$(MANAGE) ensure_demo_secretariat
	$(BIN)/python scripts/run_dev.py $(PORT)

test: $(INSTALLED) compilemessages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/messages.py check
	DJANGO_SETTINGS_MODULE=coalition_portal.settings.test $(MANAGE) makemigrations --check --dry-run
	@if [ ! -x "$${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then \
		echo "NOTE: Chromium not found at $${CHROMIUM_PATH:-/usr/bin/chromium}: the browser and accessibility tests will be SKIPPED."; \
		echo "      Install it with: sudo apt-get install chromium"; \
	fi
	@if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || ! command -v java >/dev/null; then \
		echo "NOTE: the Nu Html Checker or Java is missing: the HTML validity test will be SKIPPED."; \
		echo "      Install them with: sudo apt-get install default-jre-headless && make install-vnu"; \
	fi
	$(BIN)/pytest -n $${PYTEST_WORKERS:-2}

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-like: set DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL first.
# The gunicorn of deploy/gunicorn.conf.py; in production behind deploy/nginx.conf.
serve: $(INSTALLED) compilemessages
	DJANGO_SETTINGS_MODULE=coalition_portal.settings.production $(MANAGE) collectstatic --noinput
	DJANGO_SETTINGS_MODULE=coalition_portal.settings.production $(MANAGE) migrate --noinput
	BIND=$${BIND:-127.0.0.1:$(PORT)} WEB_CONCURRENCY=$${WEB_CONCURRENCY:-3} \
	DJANGO_SETTINGS_MODULE=coalition_portal.settings.production $(BIN)/gunicorn \
		-c deploy/gunicorn.conf.py coalition_portal.wsgi:application

# Uses PostgreSQL when DATABASE_URL is set, else bench/bench.sqlite3. BENCH_ARGS="--pledges 20000" etc.
bench: $(INSTALLED)
	@command -v wrk >/dev/null || { SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# A 10,000-subscriber newsletter mailing through the real worker to a local SMTP sink (not run
# in CI). Uses PostgreSQL when DATABASE_URL is set (a scratch database!), else bench/results/mailing.sqlite3.
.PHONY: bench-mail
bench-mail: $(INSTALLED)
	$(BIN)/python bench/mailing.py $(BENCH_ARGS)
