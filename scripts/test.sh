#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, then `dotnet test`.
# Prints a last line "N passed, N failed". Exit status is dotnet test's.
set -uo pipefail
cd "$(dirname "$0")/.."

# docker-compose validates docker-compose.yml (no Docker engine is needed for `config -q`).
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "installing docker-compose (Debian package) for the compose-file test"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq docker-compose >/dev/null
fi

# The MCP tests run the TypeScript SDK client and server-everything (tests/mcp-ts, versions pinned by its lock file).
# npm reaches the registry here only; the tests themselves stay on loopback.
if [ ! -d tests/mcp-ts/node_modules/@modelcontextprotocol/sdk ] || [ ! -d tests/mcp-ts/node_modules/@modelcontextprotocol/server-everything ]; then
  if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    echo "error: node and npm are needed for the MCP tests (tests/mcp-ts); install Node.js 20 or later" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "installing tests/mcp-ts (npm ci)"
  if ! npm ci --prefix tests/mcp-ts --no-audit --no-fund; then
    echo "error: npm ci --prefix tests/mcp-ts failed" >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test ToolGate.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries ("Passed!  - Failed: 0, Passed: 69, Skipped: 0, ...").
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi  # a build failure counts as a failure
echo "${passed} passed, ${failed} failed"
exit "$status"
