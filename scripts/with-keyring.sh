#!/bin/sh
# Run a command with an unlocked, throw-away gnome-keyring on the current (private) D-Bus session.
# usage: dbus-run-session -- sh scripts/with-keyring.sh CMD [ARGS...]
# The temporary HOME keeps the keyring and every platformdirs path away from the real home folder.
set -u
KR_HOME=$(mktemp -d /tmp/kr-home.XXXXXX)
export HOME="$KR_HOME"
printf '%s' "throwaway-test-keyring" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
GKD_PID=$!
i=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
  i=$((i+1)); if [ "$i" -gt 100 ]; then echo "gnome-keyring did not come up" >&2; break; fi
  sleep 0.05
done
rc=0
"$@" || rc=$?
kill "$GKD_PID" 2>/dev/null; wait "$GKD_PID" 2>/dev/null
rm -rf "$KR_HOME"
exit "$rc"
