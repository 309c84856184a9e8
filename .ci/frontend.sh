#!/usr/bin/env bash
# GOV.UK Frontend (its stylesheet, fonts, images and scripts) from the npm registry into
# src/scc/web/static/govuk/, and axe-core (for the browser tests' accessibility checks) into
# build/npm/. Both folders are git-ignored: third-party built files are never committed.
# Used by the Makefile's install step, so CI (a fresh clone) gets them the same way.
# Without npm or the registry this warns and exits 0: the pages then work unstyled, and the
# browser tests that need these files fail where SCC_REQUIRE_BROWSER=1 (CI).
set -uo pipefail

GOVUK_FRONTEND=6.6.0
AXE_CORE=4.14.1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build/npm"
static="$root/src/scc/web/static/govuk"
modules="$build/node_modules"

unstyled() {
    echo "frontend: $1; the pages will work unstyled (GOV.UK Frontend not installed)" >&2
    exit 0
}

command -v npm >/dev/null 2>&1 || unstyled "npm is not installed"
installed() {  # the version of an npm package in build/npm, or nothing
    sed -n 's/^  "version": "\(.*\)",$/\1/p' "$modules/$1/package.json" 2>/dev/null
}
if [[ "$(installed govuk-frontend)" != "$GOVUK_FRONTEND" || "$(installed axe-core)" != "$AXE_CORE" ]]
then
    mkdir -p "$build"
    # A short retry budget: offline, npm would otherwise keep retrying for minutes.
    npm install --prefix "$build" --no-save --no-package-lock --no-audit --no-fund \
        --fetch-retries=2 --fetch-retry-maxtimeout=20000 --fetch-timeout=60000 \
        "govuk-frontend@$GOVUK_FRONTEND" "axe-core@$AXE_CORE" </dev/null >&2 \
        || unstyled "npm install failed (registry unreachable?)"
fi

dist="$modules/govuk-frontend/dist/govuk"
[[ -f "$dist/govuk-frontend.min.css" ]] || unstyled "govuk-frontend has no built stylesheet"
# Built beside the final folder, then swapped in, so a server never sees half a copy.
next="$static.next"
rm -rf "$next" && mkdir -p "$next/assets" || unstyled "cannot write $next"
# The stylesheet finds its images under /assets/; here they are served below /static/. The GDS
# Transport typeface is for services on GOV.UK only, which this is not: its @font-face rules are
# dropped (and its files not copied), so the pages fall back to Arial as the Design System asks.
sed -e 's#url(/assets/#url(/static/govuk/assets/#g' \
    -e 's#@font-face{font-family:GDS Transport;[^}]*}##g' \
    "$dist/govuk-frontend.min.css" > "$next/govuk-frontend.min.css"
cp "$dist/govuk-frontend.min.js" "$next/"
cp -R "$dist/assets/images" "$next/assets/"
echo "$GOVUK_FRONTEND" > "$next/VERSION"
rm -rf "$static" && mv "$next" "$static"
echo "frontend: govuk-frontend $GOVUK_FRONTEND in $static, axe-core $AXE_CORE in $modules" >&2
