#!/usr/bin/env bash
# Debian packages the product and its tests need, installed when missing (as root, or with
# password-less sudo). Used by .ci/run and by the Makefile, so a fresh machine gets the same set.
# PostgreSQL for the PostgreSQL half of the suite; pango/harfbuzz/fontconfig/fonts for WeasyPrint
# PDFs; poppler-utils to read PDFs back in tests; graphviz for workflow diagrams; chromium for the
# browser tests; wrk for the web benchmark; make and python3-venv for `make` itself.
set -euo pipefail

APT_PACKAGES=(
    postgresql
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core
    poppler-utils
    graphviz
    chromium wrk
    make python3-venv
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    if ! dpkg -s "$pkg" 2>/dev/null | grep -q '^Status: install ok installed'; then
        missing+=("$pkg")
    fi
done
if ((${#missing[@]} == 0)); then
    echo "system packages: all installed" >&2
    exit 0
fi
SUDO=()
if [[ "$(id -u)" -ne 0 ]]; then
    if ! sudo -n true 2>/dev/null; then
        echo "system packages missing (install them as root): ${missing[*]}" >&2
        echo "PDFs, diagrams and the PostgreSQL/browser tests need them; the rest works without." >&2
        exit 0
    fi
    SUDO=(sudo -n)
fi
echo "system packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q </dev/null
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
