# foia-intake: the two commands that do all set-up on a fresh machine.
#   make demo   creates .venv, installs, syncs the bundled sample mailbox into a fresh SQLite file
#   make test   installs, starts what the tests need (Dovecot, PostgreSQL checks), runs the suite on
#               SQLite and, beside it, its database tests again on PostgreSQL
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := var/demo.db
SYSTEM_PACKAGES := dovecot-imapd tesseract-ocr

.PHONY: install demo test system-deps lint bench bench-quick clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p var && rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	FOIA_INTAKE_DATABASE__URL=sqlite:///$(DEMO_DB) $(BIN)/foia-intake sync --once --sample
	FOIA_INTAKE_DATABASE__URL=sqlite:///$(DEMO_DB) $(BIN)/foia-intake requests list

# Debian packages the live tests use; installed when missing (needs root, as on CI).
system-deps:
	@missing=""; \
	command -v dovecot >/dev/null 2>&1 || missing="$$missing dovecot-imapd"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "missing Debian packages:$$missing (run 'make system-deps' as root)"; exit 1; fi; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

# The suite on SQLite and, side by side with it, the tests that use the database under test (marker
# `database`, set in tests/conftest.py) again on PostgreSQL (127.0.0.1:5432, or $$FOIA_INTAKE_TEST_PG).
# Much of the suite waits on Dovecot and daemons, so the two passes share the machine well; each has its
# own Dovecot and databases. The PostgreSQL pass prints when both are done. With CI=true an unreachable
# PostgreSQL fails the run, elsewhere those tests are skipped.
PG_LOG := .pytest-postgresql.log

test: install system-deps
	@FOIA_INTAKE_TEST_DATABASE=postgresql $(BIN)/pytest -q -p no:cacheprovider -m database >$(PG_LOG) 2>&1 & pg=$$!; \
	echo "== SQLite: the whole suite (PostgreSQL pass running beside it, log in $(PG_LOG))"; \
	$(BIN)/pytest -q; sqlite=$$?; \
	wait $$pg; postgres=$$?; \
	echo "== PostgreSQL: the database tests"; cat $(PG_LOG); \
	echo "== SQLite pass exit $$sqlite, PostgreSQL pass exit $$postgres"; \
	test $$sqlite -eq 0 && test $$postgres -eq 0

lint: install
	$(BIN)/ruff check .

# The intake side by side with the bare parts; writes bench/results.json (needs Dovecot; PostgreSQL if reachable).
bench: install system-deps
	$(BIN)/python bench/run.py
	$(BIN)/python bench/intake.py

bench-quick: install system-deps
	$(BIN)/python bench/intake.py --quick

clean:
	rm -rf $(VENV) var build *.egg-info .pytest_cache $(PG_LOG)
