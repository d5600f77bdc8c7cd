#!/usr/bin/env bash
# The join flow of `manrs serve` in a real browser (Playwright on Debian's
# Chromium, web/tests/join.spec.js): sign up, log in, claim, a failed
# verification, the token into an aut-num, `manrs irr load`, verification,
# declaration, declared beside measured, search, and the per-AS page's
# numbers against the API. Full-page screenshots are kept in
# $MANRS_WEB_ARTIFACTS (default: web-artifacts/ in the test's directory).
# Usage: web_playwright_test.sh MANRS TESTDATA
source "$(dirname "$0")/web_common.sh"
web="$here/../web"
if is_sanitized || ! command -v npm > /dev/null || [ ! -x /usr/bin/chromium ]; then
  echo "skipped: needs a Release build, npm and /usr/bin/chromium"
  exit 77
fi
(cd "$web" && npm ci --no-audit --no-fund --loglevel=error > "$work/npm.log" 2>&1) \
  || { cat "$work/npm.log"; exit 1; }
build_store
start_web
artifacts=${MANRS_WEB_ARTIFACTS:-$PWD/web-artifacts}
mkdir -p "$artifacts"
status=0
(cd "$web" && MANRS_URL="http://127.0.0.1:$web_port" MANRS_BIN="$manrs" MANRS_IRR_DB="$work/irr.db" \
  MANRS_IRR_FILES="$(printf '%s\n' "${irr_files[@]}")" MANRS_WORK="$work" \
  MANRS_WEB_ARTIFACTS="$artifacts" npx playwright test --reporter=line) || status=$?
check "playwright suite" 0 "$status"
finish
