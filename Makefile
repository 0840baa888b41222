# The two commands a newcomer needs: `make run` and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser run test bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "AgencyBot needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The dashboard's browser tests drive Debian's chromium (Playwright is pointed at it; no
# browser is ever downloaded), with fonts that have every Vietnamese letter and the status
# emoji, for screenshots.
browser:
	@command -v chromium >/dev/null 2>&1 && test -d /usr/share/fonts/truetype/noto && fc-list | grep -q "Color Emoji" || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-noto-core fonts-noto-color-emoji; }

run: install
	$(BIN)/agencybot seed --if-empty
	$(BIN)/agencybot run

test: install browser
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -m "not realtime"
	$(BIN)/python -m pytest -m realtime

# Every benchmark, one after the other (about 20 minutes); each can also be run alone.
BENCHMARKS := import_plan import_formats chat reminders broadcast blocked_and_paused zalo web progress
bench: install
	@for name in $(BENCHMARKS); do echo "== bench/$$name.py"; $(BIN)/python bench/$$name.py || exit 1; echo; done

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
