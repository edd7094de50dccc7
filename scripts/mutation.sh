#!/usr/bin/env bash
# Mutation testing of the application layer's rules and the core rules they call ([tool.mutmut] in pyproject.toml
# names the files and the tests): every mutant is a small change to one rule; the suite must notice it. Ends with
# the line "killed K of N mutants". About 3 minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet -e '.[test]'
fi
"$VENV/bin/python" -m pip install --quiet 'mutmut>=3.3,<4'
rm -rf mutants
export QT_QPA_PLATFORM=offscreen
status=0
"$VENV/bin/mutmut" run --max-children "${JOBS:-2}" > mutants.log 2>&1 || status=$?
results=$("$VENV/bin/mutmut" results --all true)
total=$(grep -c ': ' <<< "$results" || true)
killed=$(grep -c ': killed$' <<< "$results" || true)
grep -E ': (survived|timeout|suspicious|no tests)$' <<< "$results" | sed 's/^ */survived: /' | head -100 || true
if [ "$status" -ne 0 ] || [ "$total" -eq 0 ]; then
  tail -20 mutants.log >&2
  exit 1
fi
echo "killed $killed of $total mutants"
