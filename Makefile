# Preflight: the two commands are `make start` and `make test`.
# Both bring a supported Node.js (22) and Yarn 4 when the machine lacks them (scripts/toolchain.sh).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
TOOLCHAIN := eval "$$(scripts/toolchain.sh)"
# Immutable lockfile in CI; a developer may update it locally.
YARN_INSTALL_FLAGS := $(if $(CI),--immutable,)
REPORT_DIR := .test-output

.PHONY: help install start start-backend tsc lint test test-unit test-e2e test-install build api-reports clean

help:
	@echo "make start   install everything and start the example Backstage (app :3000, backend :7007)"
	@echo "make test    install everything, type-check and run every test"

install:
	@$(TOOLCHAIN); yarn install $(YARN_INSTALL_FLAGS)

start: install
	@$(TOOLCHAIN); yarn start

# The backend alone (e.g. for API work); the app is served by `make start`.
start-backend: install
	@$(TOOLCHAIN); yarn workspace backend start

tsc: install
	@$(TOOLCHAIN); yarn tsc

# ESLint (Backstage's config) on every package, Prettier on the repository, and no import cycles
# between the folders of a package (scripts/check-import-cycles.js).
lint: install
	@$(TOOLCHAIN); yarn lint && yarn prettier:check && node scripts/check-import-cycles.js

# Every test of every workspace, with Jest's JSON report for .ci/run's summary line. The real
# servers some tests need (PostgreSQL) are started around the run by scripts/with-test-services.sh.
test-unit: install
	@mkdir -p $(REPORT_DIR)
	@$(TOOLCHAIN); CI=true scripts/with-test-services.sh yarn backstage-cli repo test --json --outputFile=$(REPORT_DIR)/jest.json

# Browser tests of the example app (Debian's Chromium + playwright-core, e2e/README.md): builds the
# app, starts one backend on E2E_PORT (7007) serving it, stops it. Report: $(REPORT_DIR)/e2e.json
test-e2e: install
	@scripts/e2e/install-browser.sh >/dev/null
	@$(TOOLCHAIN); node e2e/run.js

# The install test (scripts/install-test/README.md): packs the packages, installs them into a new
# create-app app by following the package READMEs, builds and starts it. Report: $(REPORT_DIR)/install.json
test-install: install
	@scripts/install-test/run.sh

test: tsc test-unit

# API reports (report.api.md) of the packages, regenerated; the install test checks they are current.
api-reports: install
	@$(TOOLCHAIN); yarn build:api-reports

build: install
	@$(TOOLCHAIN); yarn build:all

clean:
	rm -rf node_modules packages/*/node_modules plugins/*/node_modules $(REPORT_DIR) dist-types
