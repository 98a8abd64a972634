# Handbrief: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000

.PHONY: run test lint bench eval clean

$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	touch $@

## Migrate, load the demo org, then run the web server and a background worker (Ctrl-C stops both).
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Handbrief is starting at http://$(ADDR)/  (Ctrl-C stops the server and the worker)"
	@bash -c 'trap "kill 0" EXIT; $(PY) manage.py qcluster & $(PY) manage.py runserver $(ADDR)'

## The whole suite, browser tests included.
test: $(VENV)/.installed
	$(PY) -m pytest

## Print performance figures, measured on a database of their own (PostgreSQL by default).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/handbrief_bench
bench: $(VENV)/.installed
	DATABASE_URL=$(BENCH_DATABASE_URL) Q_POLL_SECONDS=0.05 \
		EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend $(PY) manage.py bench

## Print the injection suite's figures: instructions planted in a deal's sources, drafted by a
## model that obeys them (the fake OpenAI server). Its own SQLite file; everything is rolled back.
EVAL_DATABASE_URL ?= sqlite:///$(CURDIR)/var/eval.sqlite3
eval: $(VENV)/.installed
	DATABASE_URL=$(EVAL_DATABASE_URL) $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(EVAL_DATABASE_URL) $(PY) manage.py eval_injections

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) var staticfiles
