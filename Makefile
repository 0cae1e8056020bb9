PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test install clean system-deps evaluate docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@rm -f demo.db
	$(VENV)/bin/eventscope ingest examples/articles --db demo.db
	$(VENV)/bin/eventscope events --db demo.db --limit 25
	@echo ""
	@echo "Try next:"
	@echo "  $(VENV)/bin/eventscope actors --db demo.db"
	@echo "  $(VENV)/bin/eventscope search Taliban --db demo.db"
	@echo "  $(VENV)/bin/eventscope events --db demo.db --type ASSAULT --json"
	@echo "  $(VENV)/bin/eventscope extract ../shared/articles/csto-almaty-2024-06.txt --json"

# Browser tests drive Debian's Chromium; PDF reports need Pango. Installed only when missing.
SYSTEM_PKGS := chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! ldconfig -p | grep -q libpangoft2; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PKGS); \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PKGS); fi; \
	fi

test: $(STAMP) system-deps
	$(PY) -m pytest -q

# Every figure in docs/evaluation.md and docs/benchmarks.md (needs ../shared/data; about 30-60 minutes).
evaluate: $(STAMP)
	scripts/evaluate.sh build/eval

docs: $(STAMP)
	$(PY) scripts/gen_cli_docs.py

clean:
	rm -rf $(VENV) demo.db .pytest_cache build
