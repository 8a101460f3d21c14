#!/usr/bin/env bash
# Fails on a known high or critical advisory in the installed dependencies; says SKIPPED when the registry's audit
# endpoint cannot be reached. The decision is scripts/audit.ts (tested in test/package/audit.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node_modules/.bin/tsx scripts/audit.ts
