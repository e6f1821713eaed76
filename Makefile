# Quick start: `make demo` and `make test` on a fresh machine with Python 3.11+ and make.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := samples/draft-ai-services-agreement.docx
DECISIONS := samples/draft-ai-services-agreement.decisions.yaml

.PHONY: install demo test eval rules-test bench bench-catalogue clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11+ is required") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,cluster]'
	touch $(STAMP)

install: $(STAMP)

# The review path on the bundled sample draft: the audit (text on the terminal,
# HTML in out/; exit 1, gaps found, is expected), then the sign-off twice. A
# review just started (every open finding recorded, none decided) is refused;
# with the sample's decisions file (samples/*.decisions.yaml) it is signed off.
demo: $(STAMP)
	@mkdir -p out
	$(BIN)/auditor audit $(SAMPLE) --format text; test $$? -le 1
	$(BIN)/auditor audit $(SAMPLE) --format html -o out/demo-audit.html; test $$? -le 1
	@rm -f out/demo.decisions.yaml out/demo.decisions.yaml.bak
	$(BIN)/auditor review $(SAMPLE) --decisions out/demo.decisions.yaml
	$(BIN)/auditor signoff $(SAMPLE) --decisions out/demo.decisions.yaml -o out/demo-signoff-refused.html; test $$? -eq 1
	$(BIN)/auditor signoff $(SAMPLE) --decisions $(DECISIONS) -o out/demo-signoff.html
	@echo "Audit report (not a sign-off): out/demo-audit.html"
	@echo "Sign-off refused (no decisions yet): out/demo-signoff-refused.html"
	@echo "Signed off with $(DECISIONS): out/demo-signoff.html"

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

# Back-catalogue throughput: N agreements at --jobs 1, --jobs 2 and on a Dask LocalCluster
# (writes benchmarks/catalogue-results.md).
N ?= 1000
bench-catalogue: $(STAMP)
	$(BIN)/python benchmarks/catalogue_bench.py --n $(N)

clean:
	rm -rf $(VENV) out build *.egg-info
