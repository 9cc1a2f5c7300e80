# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench screenshots package package-smoke clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall whenever the pins or the project metadata change.
$(STAMP): requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/glossapp

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Style (ruff), the architecture's import rules (import-linter, in pyproject.toml) and types (mypy).
lint: $(STAMP)
	$(BIN)/ruff check glossapp tests bench packaging
	$(BIN)/ruff format --check glossapp tests bench packaging
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.window_screenshots docs/screenshots

# The app for this OS in dist/ (see README "Packaging"); the spec also builds the seed index.
package: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller packaging/glossapp.spec

# Runs the built app: CLI against the bundled glossary, and the window offscreen.
package-smoke: $(STAMP)
	$(BIN)/python packaging/smoke.py --dist dist

lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude glossapp > requirements.lock.new
	(echo '# Exact versions installed by make (runtime + test + dev). Regenerate with: make lock'; cat requirements.lock.new) > requirements.lock && rm requirements.lock.new

clean:
	rm -rf $(VENV) build dist .pytest_cache
