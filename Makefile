# Welkom — `make run` starts everything on a bare machine, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# .tool-versions is the one place the Python and Node versions are pinned (make checks them).
PYTHON_VERSION := $(shell awk '$$1 == "python" {print $$2}' .tool-versions)
NODE_VERSION := $(shell awk '$$1 == "nodejs" {print $$2}' .tool-versions)
PYTHON ?= python$(PYTHON_VERSION)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := cd backend && ../$(BIN)/python manage.py
FRONTEND_SOURCES := $(shell find frontend/src frontend/public translations/ui -type f 2>/dev/null) frontend/vite.config.ts
CHROMIUM ?= /usr/bin/chromium
DATABASE_URL_TEST ?= postgres://postgres@127.0.0.1:5432/welkom
REDIS_URL_TEST ?= redis://127.0.0.1:6379/15

.PHONY: help install toolchain locks-check lock sbom audit run run-prepare test test-clocks lint typecheck migrations-check schema-check api-types \
	pytest pytest-lanes test-durations vitest browser-deps speech-deps clock-deps services clean translations-review \
	bench-dispatch bench-language bench-translation bench-libretranslate bench-chat bench-modules bench-checklists bench-frontend \
	bench-import bench-backup bench-scale bench-home messages mutation mutation-backend mutation-frontend

help:
	@echo "make run   - install what is missing, build, migrate, seed the demo and start web, workers and beat"
	@echo "make test  - install what is missing and run lint, type checks and every test"
	@echo "make test-clocks - the whole suite under three faked clocks (night, early Monday, summer noon)"

# --- Installing what is missing ---------------------------------------------------------------
# Python packages come from requirements/dev.lock (pip-compile, every file's sha256 pinned), never
# from a fresh resolve; docs/dependencies.md says how to add one and re-lock.
LOCK := requirements/dev.lock
# The entries of the named packages in the lock, with their hashes: $(call lock-entries,torch)
lock-entries = awk 'BEGIN {split("$(1)", names, " ")} /^[^ \#]/ {p = 0; for (i in names) if (index($$0, names[i] "==") == 1) p = 1} p' $(LOCK)

toolchain:
	@v=$$($(PYTHON) -c 'import platform; print(platform.python_version())' 2>/dev/null) || { \
	  echo "Python $(PYTHON_VERSION) (pinned in .tool-versions) is needed, but '$(PYTHON)' does not run."; \
	  echo "Install it (Debian: apt-get install python$(PYTHON_VERSION)-venv) or pass make PYTHON=/path/to/python$(PYTHON_VERSION)."; exit 1; }; \
	case "$$v." in "$(PYTHON_VERSION)."*) ;; *) \
	  echo "'$(PYTHON)' is Python $$v; Welkom is pinned to Python $(PYTHON_VERSION) (.tool-versions, requirements/*.lock)."; exit 1;; esac
	@v=$$(node --version 2>/dev/null) || { echo "Node.js $(NODE_VERSION) (pinned in .tool-versions) is needed, but 'node' does not run."; exit 1; }; \
	case "$${v#v}." in "$(NODE_VERSION)."*) ;; *) \
	  echo "'node' is Node.js $$v; Welkom is pinned to Node.js $(NODE_VERSION) (.tool-versions)."; exit 1;; esac

# The venv and uv in it: pip (the one that comes with Python) only installs uv, from uv's entry in
# the lock with its hashes; uv installs everything else (docs/dependencies.md says why).
$(BIN)/python: | toolchain
	$(PYTHON) -m venv $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(call lock-entries,uv) > $(VENV)/uv.lock
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(VENV)/uv.lock

# uv reads no pip configuration: it gets pip's package sources (index, extra indexes, find-links
# such as /opt/wheels with the CPU wheel of torch) from locks.py. Every file must match the lock's
# hash, so it may take a file from whichever source has it (unsafe-best-match, as pip does).
UV_PIP = $(BIN)/uv pip $(1) --quiet --python $(BIN)/python --index-strategy unsafe-best-match \
	$$($(BIN)/python requirements/locks.py pip-sources)

# Fails with a list of what differs when pyproject.toml's dependencies changed after the last make lock.
locks-check: | $(BIN)/python
	@$(BIN)/python requirements/locks.py check

# The venv becomes exactly the lock (uv pip sync removes what the lock does not name), then Welkom
# itself (editable, built with the locked setuptools). torch is the CPU build, torch==2.13.0+cpu:
# the wheel on disk in /opt/wheels, its hash in the lock; sync installs no dependencies of its own,
# so nothing looks at the multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml $(LOCK) | locks-check $(BIN)/uv
	$(call UV_PIP,sync) --require-hashes $(LOCK)
	$(call UV_PIP,install) --no-deps --no-build-isolation -e .
	touch $@

# make lock: re-resolve after pyproject.toml changed, keeping every pin it can. Updates on purpose:
# make lock UPGRADE="django djangorestframework" (those packages) or UPGRADE=all (everything).
# runtime.lock (the release image) takes its versions from dev.lock, so the two never differ.
LOCK_TOOLS := pip-tools build click pip pyproject-hooks setuptools wheel packaging
LOCK_UPGRADE := $(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p)))
lock: | $(BIN)/uv
	$(call lock-entries,$(LOCK_TOOLS)) > $(VENV)/lock-tools.lock
	$(call UV_PIP,install) --require-hashes --no-deps -r $(VENV)/lock-tools.lock
	$(BIN)/pip-compile --quiet --extra dev --build-deps-for editable $(LOCK_UPGRADE) \
	  -o requirements/dev.lock pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade --build-deps-for wheel -c requirements/dev.lock \
	  -o requirements/runtime.lock pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade -c requirements/dev.lock -o requirements/sbom.lock requirements/sbom.in
	$(BIN)/python requirements/locks.py check
	@echo "Locks written: review 'git diff requirements/', run make test, commit pyproject.toml with requirements/*.lock"

# CycloneDX SBOMs of what the release image carries (runtime.lock, npm production packages), offline.
# The npm generator is not a frontend dependency: locks.py installs it on demand from its own lock
# (tools/sbom-npm/package-lock.json), so make install does not carry it.
sbom: $(VENV)/.installed
	$(BIN)/python requirements/locks.py sbom var/sbom

# pip-audit and npm audit against the locks; where no vulnerability database answers it says SKIPPED.
audit: $(VENV)/.installed frontend/node_modules/.installed
	$(BIN)/python requirements/locks.py audit

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json | toolchain
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# vite build only: the type check (npm run typecheck) is part of make test and of the image's
# npm run build, not of getting a clone to serve.
frontend/dist/manifest.json: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npx --no-install vite build --logLevel warn

install: locks-check speech-deps $(VENV)/.installed frontend/node_modules/.installed frontend/dist/manifest.json

browser-deps:
	@test -x $(CHROMIUM) || { echo "Installing Debian's Chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The server's voice (welkom.speech) runs Debian's espeak-ng in the worker; its tests measure the
# audio with sox. Both come with apt when missing.
# Without root (no apt), make run goes on without the server's voice and says how to add it.
speech-deps:
	@command -v espeak-ng >/dev/null && command -v sox >/dev/null || { \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "espeak-ng and sox are missing: the server's voice is off until they are installed (Debian: sudo apt-get install espeak-ng sox)."; \
	  else \
	    echo "Installing Debian's espeak-ng and sox for the server's voice…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng sox >/dev/null; \
	  fi; }

# --- make run ---------------------------------------------------------------------------------------
# WELKOM_WEB_PORT: the web process's port; WELKOM_VAR_DIR: where the database, broker and files live
# (default var/); RUN_ENV_FILE: the file honcho reads variables from. tests/embedded/ runs this target
# in a folder and on a port of its own.
WELKOM_WEB_PORT ?= 8000
RUN_ENV_FILE ?= .env
export WELKOM_WEB_PORT

run: install run-prepare
	@echo ""
	@echo "Welkom runs at http://127.0.0.1:$(WELKOM_WEB_PORT)  (Ctrl-C stops web, workers and beat)"
	@echo "API docs at http://127.0.0.1:$(WELKOM_WEB_PORT)/api/docs/"
	@if [ -n "$(DEV)" ]; then \
	  WELKOM_VITE_DEV=1 $(BIN)/honcho -f Procfile.dev -e $(RUN_ENV_FILE) start; \
	else \
	  $(BIN)/honcho -f Procfile -e $(RUN_ENV_FILE) start; \
	fi

run-prepare:
	$(MANAGE) migrate --noinput
	$(MANAGE) sync_content
	$(MANAGE) seed_demo
	$(MANAGE) languages build-demo "$${WELKOM_VAR_DIR:-../var}/translation-demo" --if-missing

# --- make test --------------------------------------------------------------------------------------
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432 (see README)"; exit 1; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { echo "Redis is not answering on 127.0.0.1:6379 (see README)"; exit 1; }

# ESLint (frontend/eslint.config.js): typescript-eslint, react-hooks, jsx-a11y and feature boundaries.
lint: $(VENV)/.installed frontend/node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd frontend && npm run --silent lint

typecheck: $(VENV)/.installed frontend/node_modules/.installed
	$(BIN)/mypy
	cd frontend && npm run --silent typecheck

migrations-check: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

# The typed API client must match the schema the backend serves. The schema is made on the default
# database: drf-spectacular takes integer limits from the database backend (PostgreSQL gives int32
# limits where SQLite gives int64), so a DATABASE_URL in the shell would give another file.
SCHEMA := cd backend && env -u DATABASE_URL ../$(BIN)/python manage.py spectacular --format openapi-json

schema-check: $(VENV)/.installed frontend/node_modules/.installed
	$(SCHEMA) --file ../var/openapi.json --validate --fail-on-warn
	cd frontend && npx openapi-typescript ../var/openapi.json -o ../var/schema.d.ts >/dev/null
	@diff -q var/schema.d.ts frontend/src/api/schema.d.ts >/dev/null || { \
	  echo "frontend/src/api/schema.d.ts is out of date: run 'make api-types' and commit it"; exit 1; }

api-types: $(VENV)/.installed frontend/node_modules/.installed
	$(SCHEMA) --file ../var/openapi.json
	cd frontend && npx openapi-typescript ../var/openapi.json -o src/api/schema.d.ts

# Debian's faketime sets the clock of the SQLite lane and of test-clocks (see docs/testing.md).
clock-deps:
	@command -v faketime >/dev/null || { echo "Installing Debian's faketime for the night-time clock of the SQLite test lane…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }

# One lane (PostgreSQL + Redis), for working on a subset: make pytest PYTEST_ARGS="tests/chat -x".
pytest: install browser-deps services
	DATABASE_URL=$(DATABASE_URL_TEST) REDIS_URL=$(REDIS_URL_TEST) $(BIN)/pytest $(PYTEST_ARGS)

# make test's pytest: the PostgreSQL (two shards; WELKOM_TEST_POSTGRESQL_SHARDS), browser (two shards) and
# SQLite (night-time clock) lanes at once (tests/lanes.py). LANES="--lane sqlite" picks lanes; PYTEST_ARGS go to each lane.
pytest-lanes: install browser-deps clock-deps services
	DATABASE_URL_TEST=$(DATABASE_URL_TEST) REDIS_URL_TEST=$(REDIS_URL_TEST) \
	  $(BIN)/python tests/lanes.py $(LANES) -- $(PYTEST_ARGS)

# The browser tests and the PostgreSQL lane's tests once, each whole in one lane, writing how long
# each test took to tests/.test_durations and tests/.test_durations_postgresql: make test's shards
# are cut from them (pytest-split). Run it when tests are added or changed much, on a quiet
# machine, and commit the files. LANES="--lane browser" rewrites one.
test-durations: install browser-deps services
	DATABASE_URL_TEST=$(DATABASE_URL_TEST) REDIS_URL_TEST=$(REDIS_URL_TEST) \
	  $(BIN)/python tests/lanes.py --store-durations $(LANES) -- $(PYTEST_ARGS)

# The whole suite under faketime at 22:30 on a Saturday, 03:00 on a Monday and noon on a summer
# day, the three runs side by side (not part of make test: it takes three times the CPU).
# CLOCKS="--clock summer-noon" runs one of them.
test-clocks: install browser-deps clock-deps services
	DATABASE_URL_TEST=$(DATABASE_URL_TEST) REDIS_URL_TEST=$(REDIS_URL_TEST) \
	  $(BIN)/python tests/lanes.py --clocks $(CLOCKS) -- $(PYTEST_ARGS)

vitest: frontend/node_modules/.installed
	cd frontend && npx vitest run

# The checks run beside the pytest lanes (started first: they take longest), so neither core idles
# while mypy or tsc runs on one; each target's output is printed whole when it ends.
test: install browser-deps clock-deps services
	@$(MAKE) --no-print-directory -j 3 --output-sync=target pytest-lanes lint typecheck migrations-check schema-check vitest

# --- Mutation testing: not part of make test (docs/testing.md, "Mutation testing") --------------
# mutmut on the core modules of mutation/modules.toml, each with only the tests that cover it, then
# Stryker on the frontend's logic. MUTATION_JOBS at once (default 2, a 2-core machine's cores; 1 on
# a shared machine), niced. Each backend lane has a test database of its own
# (<test db>_mutation, _mutation2, …). MUTATION_MODULES="language/planner" picks modules.
MUTATION_JOBS ?= 2
mutation: mutation-backend mutation-frontend

mutation-backend: install services
	DATABASE_URL=$(DATABASE_URL_TEST)_mutation REDIS_URL=$(REDIS_URL_TEST) WELKOM_TEST_BROKER_PREFIX=mutation: \
	  MUTATION_JOBS=$(MUTATION_JOBS) nice -n 10 $(BIN)/python mutation/run.py $(MUTATION_MODULES)

mutation-frontend: frontend/node_modules/.installed
	cd frontend && nice -n 10 npx stryker run --concurrency $(MUTATION_JOBS)

# --- Benchmarks: figures, not pass/fail; never part of make test ----------------------------------
# bench-dispatch builds 100,000 + 1,000,000 steps in its own database (welkom_bench_dispatch).
bench-dispatch: install services
	$(BIN)/python bench/dispatch/run.py

bench-language: $(VENV)/.installed
	PYTHONPATH=backend $(BIN)/python bench/language/bench_planner.py

bench-translation: install services
	REDIS_URL=$(REDIS_URL_TEST) $(BIN)/python bench/translation/run.py $(BENCH_ARGS)

# bench-libretranslate: LibreTranslate 1.9.6 (its own virtualenv in var/bench/libretranslate/, made on
# the first run) and Welkom's /translate on bench-translation's decisive package, 8 clients.
bench-libretranslate: install services
	REDIS_URL=$(REDIS_URL_TEST) $(BIN)/python bench/libretranslate/run.py $(BENCH_ARGS)

# BENCH_ENGINE=argos: the real Argos path (packages from the package builder, a translation worker).
bench-chat: install services
	BENCH_ENGINE=$(or $(BENCH_ENGINE),double) BENCH_PACKAGES=$(or $(BENCH_PACKAGES),small) \
	  $(BIN)/python bench/chat/run.py

bench-modules: install services
	DATABASE_URL=$(DATABASE_URL_TEST) REDIS_URL=$(REDIS_URL_TEST) $(BIN)/python bench/modules/bench.py

bench-checklists: install services
	DATABASE_URL=$(DATABASE_URL_TEST) REDIS_URL=$(REDIS_URL_TEST) $(BIN)/pytest bench/checklists/bench_checklists.py -q -s -p no:cacheprovider

# bench-import: 1,000 arrivals imported in one transaction, in its own database (<test db>_bench_import).
bench-import: install services
	DATABASE_URL=$(DATABASE_URL_TEST) REDIS_URL=$(REDIS_URL_TEST) $(BIN)/python bench/import/run.py

# bench-backup: backup and restore of the demo data and of 10,000 newcomers, in its own database
# (welkom_bench_backup) and a temporary folder.
bench-backup: install services
	$(BIN)/python bench/backup/run.py

# bench-scale: one web process against two (docs/scaling.md), in its own database (welkom_bench_scale).
bench-scale: install services
	$(BIN)/python bench/scale/run.py

bench-frontend: install browser-deps
	$(BIN)/python bench/frontend/run.py

# bench-home: the newcomer's home calls and a bare Django view side by side with wrk (gunicorn, 50
# newcomers, its own database welkom_bench_home). wrk comes from apt when missing.
bench-home: install services
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk for bench-home…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
	  { echo "wrk is missing and apt could not install it: install it (Debian: apt-get install wrk)."; exit 1; }
	$(BIN)/python bench/home/run.py

# Server messages (gettext): collect new msgids into translations/server/<lang>/LC_MESSAGES/django.po
# and compile the .mo files the server reads (both are committed; a test checks they match).
messages: $(VENV)/.installed
	cd backend && for lang in $$(ls ../translations/server | grep -v '\.'); do \
	  ../$(BIN)/python manage.py makemessages -l $$lang --no-location --no-obsolete --ignore '*/migrations/*'; done
	cd backend && ../$(BIN)/python manage.py compilemessages

# Lists the UI catalog entries that were drafted by machine and still wait for a human review.
translations-review:
	@$(BIN)/python -c "import yaml; d = yaml.safe_load(open('translations/ui/_review.yaml')) or {}; \
	  [print(f'{lang}: {len(keys)} machine-drafted entries wait for review') for lang, keys in d.items()]"

clean:
	rm -rf var frontend/dist
