#!/usr/bin/env bash
# Build the Linux bundle from this checkout, smoke-test it, and pack it. Writes:
#   dist/finstack-afas-wizard/                                   the one-folder bundle (runs in place)
#   dist/finstack-afas-wizard-<version>-linux-x86_64.tar.gz      that folder, for any glibc >= 2.36 distribution
#   dist/finstack-afas-wizard_<version>_amd64.deb                /opt/finstack-afas-wizard, /usr/bin launcher,
#                                                                 .desktop entry and hicolor icons
# Exits non-zero, and packs nothing, when a smoke test fails or the bundle outgrows its size limit.
# Needs the system packages .ci/run installs (Xvfb, gnome-keyring, dbus, the xcb and wayland client libraries:
# PyInstaller bundles the ones it finds here, so they must be installed BEFORE building).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

APP=finstack-afas-wizard
PYTHON=${PYTHON:-python3}
VENV=build/venv
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' wizard/__init__.py)
TARBALL=dist/$APP-$VERSION-linux-x86_64.tar.gz
DEB=dist/${APP}_${VERSION}_amd64.deb
# Who the .deb names as its maintainer; set it for a release.
DEB_MAINTAINER=${DEB_MAINTAINER:-"Finstack AFAS wizard maintainers <afas-wizard@finstack.invalid>"}

step() { printf '\n== %s (%ds)\n' "$*" $((SECONDS - started)); }

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "This builds the Linux x86_64 bundle; see packaging/README.md for Windows and macOS." >&2
  exit 2
fi
missing=()
for tool in "$PYTHON" dpkg-deb dpkg-query ldd objdump tar xvfb-run xauth dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Missing: ${missing[*]} (.ci/run lists the Debian packages the build and its smoke tests need)" >&2
  exit 2
fi

step "venv with the wizard and PyInstaller ($VENV)"
# A fresh venv every time: the bundle holds exactly what `pip install .` resolves now, nothing left over.
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check . -r packaging/requirements-build.txt

step "PyInstaller: one-folder bundle"
rm -rf "dist/$APP" "$TARBALL" "$DEB" build/pyinstaller
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
  "packaging/$APP.spec"

step "smoke tests of the bundle (private D-Bus session, throw-away gnome-keyring)"
# The dbus-daemon's "Failed to set fd limit" line on stderr is harmless (no permission to raise the limit).
if ! dbus-run-session -- sh scripts/with-keyring.sh "$VENV/bin/python" packaging/smoke_test.py "dist/$APP"; then
  echo "A smoke test failed: nothing was packed." >&2
  exit 1
fi

step "pack: $TARBALL and $DEB"
root=build/deb-root
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin"
cp -a "dist/$APP" "$root/opt/$APP"
# A relative link, so the launcher also works in an unpacked copy of the package (see the checks below).
ln -s "../../opt/$APP/$APP" "$root/usr/bin/$APP"
install -D -m 644 "packaging/linux/$APP.desktop" "$root/usr/share/applications/$APP.desktop"
for size in 16 32 48 64 128 256 512; do
  install -D -m 644 "resources/icons/$APP-$size.png" "$root/usr/share/icons/hicolor/${size}x${size}/apps/$APP.png"
done
install -D -m 644 "resources/icons/$APP.svg" "$root/usr/share/icons/hicolor/scalable/apps/$APP.svg"
chmod -R u=rwX,go=rX "$root"  # whatever the umask was: readable by every user once installed
# Depends: the system libraries the bundle links to (it carries the rest), plus libfontconfig1, whose
# configuration and fonts the bundled copy of that library reads.
depends="$("$VENV/bin/python" packaging/bundle_facts.py depends "dist/$APP"), libfontconfig1"
cat > "$root/DEBIAN/control" <<EOF
Package: $APP
Version: $VERSION
Architecture: amd64
Maintainer: $DEB_MAINTAINER
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Suggests: gnome-keyring
Section: misc
Priority: optional
Description: Finstack AFAS wizard: connect AFAS Profit to Finstack, step by step
 A desktop wizard for finance admins and consultants: the authorisation checklist
 in AFAS, the App connector settings, Finstack's GetConnectors ready to import,
 the AdministrationId filter, a live test of the token against AFAS Profit, the
 token kept in the password store (Secret Service), and the hand-off to Finstack.
 English and Dutch. Self-contained: Python and Qt are inside /opt/$APP.
EOF
tar -C dist --sort=name --owner=0 --group=0 --numeric-owner --transform "s,^$APP,$APP-$VERSION," \
  -czf "$TARBALL" "$APP"
# xz at level 3: 10 s instead of 22 s for the default level 6, and 42 MB instead of 38 MB.
dpkg-deb --root-owner-group -Zxz -z3 --build "$root" "$DEB" >/dev/null

step "check the packages as a user gets them"
check=$(mktemp -d build/package-check.XXXXXX)
trap 'rm -rf "$check"' EXIT
dpkg-deb -x "$DEB" "$check/deb"
tar -C "$check" -xzf "$TARBALL"
for path in "usr/bin/$APP" "opt/$APP/$APP" "usr/share/applications/$APP.desktop" \
            "usr/share/icons/hicolor/256x256/apps/$APP.png" "usr/share/icons/hicolor/scalable/apps/$APP.svg"; do
  [ -e "$check/deb/$path" ] || { echo "FAIL .deb: /$path is missing" >&2; exit 1; }
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$check/deb/usr/share/applications/$APP.desktop"
fi
for exe in "$check/deb/usr/bin/$APP" "$check/$APP-$VERSION/$APP"; do
  out=$(env -u PYTHONPATH -u VIRTUAL_ENV "$exe" filter 3 1 2)
  [ "$out" = "1;2;3" ] || { echo "FAIL $exe filter 3 1 2 printed: $out" >&2; exit 1; }
done
# The unpacked .deb through its launcher, with no password store at all (no D-Bus session): still walks
# every page; the token page then says the token could not be kept.
env -u DBUS_SESSION_BUS_ADDRESS HOME="$check/home" QT_QPA_PLATFORM=offscreen \
  "$check/deb/usr/bin/$APP" --self-test "$check/shots" > "$check/self-test.log" 2>&1 \
  || { cat "$check/self-test.log" >&2; echo "FAIL self-test of the unpacked .deb" >&2; exit 1; }
echo "PASS .deb contents, launcher, desktop entry and icons; filter from the .deb and the .tar.gz;"
echo "     self-test of the unpacked .deb without a password store"
echo "Depends: $depends"

step "done"
printf '%-62s %s\n' "dist/$APP/ (on disk)" "$(du -sh "dist/$APP" | cut -f1)" \
  "$TARBALL" "$(du -h "$TARBALL" | cut -f1)" "$DEB" "$(du -h "$DEB" | cut -f1)"
echo "built, tested and packed in $((SECONDS - started)) s"
