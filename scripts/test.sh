#!/usr/bin/env bash
# Install the project with its test extras into .venv and run the whole test suite.
# With gnome-keyring and dbus installed, the suite runs under a private D-Bus session with a real,
# unlocked Secret Service; without them those tests skip (CI=true makes their absence an error).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[test]'

export QT_QPA_PLATFORM=offscreen
status=0
if command -v dbus-run-session >/dev/null && command -v gnome-keyring-daemon >/dev/null; then
  dbus-run-session -- sh scripts/with-keyring.sh "$VENV/bin/python" -m pytest "$@" || status=$?
else
  if [ "${CI:-}" = "true" ]; then
    echo "CI needs gnome-keyring and dbus for the Secret Service tests (install them: see .ci/run)" >&2
    exit 1
  fi
  echo "gnome-keyring or dbus-run-session not found: the real Secret Service tests will be skipped" >&2
  "$VENV/bin/python" -m pytest "$@" || status=$?
fi
# pytest's 5 means "no tests collected": a run that tested nothing is a failure here.
if [ "$status" -eq 5 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
