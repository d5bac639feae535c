# Each target is one line over the `bulletin` command once .venv exists.
PYTHON ?= python3
VENV := .venv
BULLETIN := $(VENV)/bin/bulletin
ISSUE ?= $(lastword $(sort $(dir $(wildcard bulletins/[0-9][0-9][0-9][0-9]-[0-9][0-9]/issue.yaml))))

.PHONY: issue check new test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test]'
	touch $@

issue: $(VENV)/.installed
	$(BULLETIN) build $(ISSUE)

check: $(VENV)/.installed
	$(BULLETIN) check bulletins/*/issue.yaml

new: $(VENV)/.installed
	$(BULLETIN) new bulletins

test: $(VENV)/.installed
	$(VENV)/bin/pytest

bench: $(VENV)/.installed
	$(VENV)/bin/python benchmarks/build_stages.py

clean:
	rm -rf build .pytest_cache
