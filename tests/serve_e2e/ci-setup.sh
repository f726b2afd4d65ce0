#!/usr/bin/env bash
# Installs what the browser test of `planpress serve` needs (tests/integration/serve_browser.rs):
# Debian's Chromium and the Node packages pinned in package-lock.json. No browser download:
# chrome-remote-interface drives the system Chromium. Call from .ci/run before `cargo test`,
# then run the tests with PLANPRESS_REQUIRE_TOOLS=1 so a missing tool fails instead of skipping.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
if ! command -v node >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq nodejs npm >/dev/null
fi
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
