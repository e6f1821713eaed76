# Quick start: `make demo` and `make test` on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := samples/draft-ai-services-agreement.docx

.PHONY: install demo test eval rules-test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Audit the bundled sample draft: a text summary on the terminal and the HTML
# sign-off report in out/. Exit code 1 (gaps found) is the expected outcome.
demo: $(STAMP)
	@mkdir -p out
	$(BIN)/auditor audit $(SAMPLE) --format text; test $$? -le 1
	$(BIN)/auditor audit $(SAMPLE) --format html -o out/demo-signoff.html; test $$? -le 1
	@echo "HTML sign-off report: out/demo-signoff.html"

test: $(STAMP)
	$(BIN)/auditor rules check
	$(BIN)/python -m pytest

eval: $(STAMP)
	$(BIN)/auditor eval fixtures/

rules-test: $(STAMP)
	$(BIN)/auditor rules test

# Speed and memory benchmarks (10, 100 and 500 pages; writes benchmarks/results.md).
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) out build *.egg-info
