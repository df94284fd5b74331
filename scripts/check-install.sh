#!/usr/bin/env bash
# Install heldout as a dependency of a fresh project, the way the README says to on a machine
# without network access beyond the npm registry, and run the shipped smoke benchmark from it.
#   bash scripts/check-install.sh [env|npmrc|none]
#   env   (default) ONNXRUNTIME_NODE_INSTALL=skip in the environment
#   npmrc onnxruntime-node-install=skip in the new project's .npmrc
#   none  neither (onnxruntime-node's install script then tries to download CUDA binaries)
# onnxruntime-node's install script is allowed to run (npm 11 blocks dependency scripts unless
# approved; npm 10, which ships with Node 20, runs them), so the setting is what is tested.
# Takes a few minutes (npm pack builds dist/; npm install copies ~400 MB); not part of npm test.
set -euo pipefail
mode="${1:-env}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/heldout-install-XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "== npm pack ($repo)"
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
tarball="$(ls "$work"/heldout-*.tgz)"
mkdir "$work/project" && cd "$work/project"
npm init -y >/dev/null
npm pkg set allowScripts.onnxruntime-node=true --json
case "$mode" in
  env) export ONNXRUNTIME_NODE_INSTALL=skip ;;
  npmrc) echo 'onnxruntime-node-install=skip' > .npmrc ;;
  none) unset ONNXRUNTIME_NODE_INSTALL ;;
  *) echo "usage: $0 [env|npmrc|none]" >&2; exit 2 ;;
esac
echo "== npm install $(basename "$tarball") (setting: $mode)"
start=$(date +%s)
npm install --no-audit --no-fund --foreground-scripts "$tarball"
echo "== installed in $(( $(date +%s) - start )) s"
echo "== npx heldout run node_modules/heldout/benchmarks/smoke.yaml --limit 3"
HELDOUT_CACHE_DIR="$work/cache" npx heldout run node_modules/heldout/benchmarks/smoke.yaml --limit 3
echo "== exit 0: reports in $(ls reports/smoke | tr '\n' ' ')"
