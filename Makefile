# The front door. Everything installs what it needs: a fresh clone runs `make site` then `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

# Optional build settings, e.g. `make site BASE_PATH=/registri/ BASE_URL=https://contoh.github.io`;
# CORRECTIONS=github:OWNER/REPO, mailto:... or a web form's address is where readers send records and
# corrections; a deploy (BASE_URL set) needs one, or NO_CORRECTIONS=1 to publish without any.
# The GitHub Pages workflow passes its Pages address and its own repository; ROOT and OUT are for tests.
# Each value reaches build.py through the environment, quoted, never pasted into the shell's command line:
# a value with a quote, a '(' or a ';' is a value, which build.py checks as it checks site.yaml's.
export ROOT OUT BASE_PATH BASE_URL CORRECTIONS DEST DEPLOY_OUT
BUILD_FLAGS = $(if $(ROOT),--root "$$ROOT") $(if $(BASE_PATH),--base-path "$$BASE_PATH") $(if $(BASE_URL),--base-url "$$BASE_URL") $(if $(CORRECTIONS),--corrections "$$CORRECTIONS") $(if $(NO_CORRECTIONS),--no-corrections)
# make deploy builds into its own folder, never the dev server's public/ (which carries the reload script).
DEPLOY_OUT ?= public.deploy

.PHONY: site serve check test test-fast test-deps lint bench bench-layers clean deploy bytecode

site: bytecode  ## build the registry into public/ (or OUT)
	$(PY) build.py build $(BUILD_FLAGS) $(if $(OUT),--out "$$OUT")

deploy: bytecode  ## build into public.deploy/ then rsync it to DEST=user@host:/path (changed files only)
	@test -n "$$DEST" || { echo "usage: make deploy DEST=user@host:/path [BASE_PATH=/sub/] [BASE_URL=https://...]" >&2; exit 2; }
	$(PY) build.py build $(BUILD_FLAGS) --out "$$DEPLOY_OUT"
	bash scripts/deploy.sh "$$DEPLOY_OUT" "$$DEST"

serve: bytecode  ## dev server on http://127.0.0.1:8000 with live reload
	$(PY) build.py serve

check: bytecode  ## validate data/ and site_src/ without writing
	$(PY) build.py check

test: $(DEV_STAMP) test-deps  ## lint, unit, golden, property and browser tests
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

test-fast: $(DEV_STAMP)  ## lint and every test but the browser gates (and their tools' own tests) and the 10k-unit `big` builds
	$(VENV)/bin/ruff check .
	$(PY) -m pytest --ignore=tests/browser --ignore=tests/tools -m "not big" -p no:cacheprovider

test-deps:  ## Debian chromium, nginx, Java; vnu.jar, axe-core and lighthouse from npm
	bash scripts/install-test-deps.sh

bench: bytecode  ## build benchmark on generated 1k/10k/100k registries against bench/floor.py, incremental figures, a dev-server edit
	$(PY) bench/run.py
	$(PY) bench/serve_bench.py

bench-layers: bytecode  ## what each speed layer buys at 10k units, each switched off in turn (30-45 min; not part of bench)
	$(PY) bench/layers.py

# Every build process imports about 60 of our modules: with PYTHONDONTWRITEBYTECODE set (as on CI) Python
# would compile them all again in each one, a third of a second. compileall writes only what changed.
bytecode: $(RUNTIME_STAMP)
	@$(PY) -m compileall -q sitegen build.py

$(RUNTIME_STAMP): requirements.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt constraints.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

clean:
	rm -rf public public.deploy public.deploy.* public.staging-* public.registri-state.json public.registri-cache .pytest_cache test-artifacts
