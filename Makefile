# Each target is one line over the `bulletin` command once .venv exists.
# The virtual environment is installed from requirements.lock (exact versions with hashes),
# so a published issue rebuilds with the same toolchain years later; `make lock` refreshes it.
PYTHON ?= python3
VENV := .venv
BULLETIN := $(VENV)/bin/bulletin
YEAR ?= $(shell date +%Y)
ISSUE ?= $(lastword $(sort $(dir $(wildcard bulletins/[0-9][0-9][0-9][0-9]-[0-9][0-9]/issue.yaml))))

.PHONY: issue preview watch check new publish verify all archive report test golden bench lock clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -e .
	touch $@

issue: $(VENV)/.installed
	$(BULLETIN) build $(ISSUE)

preview: $(VENV)/.installed
	$(BULLETIN) preview $(ISSUE)

watch: $(VENV)/.installed
	$(BULLETIN) watch $(ISSUE)

check: $(VENV)/.installed
	$(BULLETIN) check bulletins/*/issue.yaml

new: $(VENV)/.installed
	$(BULLETIN) new bulletins

publish: $(VENV)/.installed
	$(BULLETIN) publish $(ISSUE)

verify: $(VENV)/.installed
	$(BULLETIN) verify

all: $(VENV)/.installed
	$(BULLETIN) build-all bulletins

test: $(VENV)/.installed
	$(VENV)/bin/pytest

golden: $(VENV)/.installed
	$(VENV)/bin/python tests/golden.py

bench: $(VENV)/.installed
	$(VENV)/bin/python benchmarks/build_stages.py

lock:
	$(PYTHON) -m venv build/lock-tools
	build/lock-tools/bin/pip install --quiet pip-tools
	build/lock-tools/bin/pip-compile --quiet --generate-hashes --extra test --strip-extras --allow-unsafe \
		--no-emit-find-links --no-emit-index-url -o requirements.lock pyproject.toml

clean:
	rm -rf build .pytest_cache

archive: $(VENV)/.installed
	$(BULLETIN) archive bulletins

report: $(VENV)/.installed
	$(BULLETIN) report --year $(YEAR) bulletins
