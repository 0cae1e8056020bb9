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
	$(VENV)/bin/eventscope ingest examples/articles
	$(VENV)/bin/eventscope events --limit 25
	@echo ""
	@echo "Stored in the default store ($$($(PY) -c 'from eventscope.settings import default_db_path; print(default_db_path())')). Try next:"
	@echo "  $(VENV)/bin/eventscope actors"
	@echo "  $(VENV)/bin/eventscope events --actor Taliban --json"
	@echo "  $(VENV)/bin/eventscope search 'border crossings'"
	@echo "  $(VENV)/bin/eventscope show ARTICLE_ID        (ids: eventscope events --json)"
	@echo "  $(VENV)/bin/eventscope extract ../shared/articles/csto-almaty-2024-06.txt --json"
	@echo "  $(VENV)/bin/eventscope serve                  (then open http://127.0.0.1:8000)"
	@echo "  $(VENV)/bin/eventscope report --out brief.html"

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
	rm -rf $(VENV) .pytest_cache build
