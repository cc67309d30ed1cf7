# Sealdesk: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint install var migrate demo bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[test]"
	touch $(STAMP)

install: $(STAMP)

var:
	d="$${SEALDESK_VAR_DIR:-var}"; mkdir -p "$$d/celery/queue" "$$d/celery/processed" "$$d/celery/control" \
		"$$d/attachments" "$$d/cache" "$$d/keys"

migrate: install var
	DEBUG=$${DEBUG:-1} $(PY) manage.py migrate --noinput

demo: migrate
	DEBUG=$${DEBUG:-1} $(PY) manage.py seed_demo --if-empty

run: demo
	@DEBUG=$${DEBUG:-1} $(PY) manage.py demo_logins
	@echo "Sealdesk is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops the web server, worker and beat)"
	@export DEBUG=$${DEBUG:-1}; \
		$(VENV)/bin/celery -A config worker --beat --loglevel=INFO --concurrency=2 \
			--schedule var/celerybeat-schedule & \
		worker=$$!; trap 'trap - INT TERM EXIT; kill $$worker 2>/dev/null; wait $$worker' INT TERM EXIT; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .

test: install
	$(VENV)/bin/ruff check --quiet .
	$(PY) -m pytest -n 2

bench: install
	$(PY) -m bench

clean:
	rm -rf var staticfiles
