#!/usr/bin/env bash
# Rebuild the toy world, tasks/toy/*, models/tiny-base and models/tiny-tuned from one seed.
# Needs Debian's python3-torch and python3-onnx (and libopenblas0-pthread for speed) and node.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
py="${HELDOUT_BUILD_PYTHON:-/usr/bin/python3}"
# shellcheck source=pinned-math.sh
. "$here/pinned-math.sh"
mkdir -p "$here/work"
cd "$here"
PYTHONHASHSEED=0 "$py" -W ignore build.py "$@" 2>&1 | tee "$here/work/build.log"
node "$here/check-solutions.mjs" "$root/tasks/toy/js-functions/data.jsonl"
