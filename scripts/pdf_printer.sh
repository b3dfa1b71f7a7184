#!/usr/bin/env bash
# A system printer that writes PDF, for the print-path tests (tests/ui/test_print_to_system_printer.py):
# CUPS with the CUPS-PDF backend, printer "CounterAppPDF", its PDFs in $OUT. Qt on Linux prints to
# it through CUPS; Wine lists the same printer to Windows programs (winspool → CUPS).
# Idempotent; needs root (or sudo) for apt, cupsd and lpadmin. Prints the two variables to export:
#   eval "$(bash scripts/pdf_printer.sh)"
set -euo pipefail
OUT=${COUNTER_APP_TEST_PRINT_OUT:-/tmp/counter-app-printer}
NAME=CounterAppPDF
SUDO=""
[ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null && SUDO="sudo"

missing=()
for pkg in cups printer-driver-cups-pdf tesseract-ocr tesseract-ocr-vie; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { $SUDO apt-get update -qq >&2; $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

mkdir -p "$OUT" && chmod 1777 "$OUT"
# A CUPS-PDF instance of our own (cups-pdf:/counterapp reads cups-pdf-counterapp.conf): the
# system's default instance and its folders stay as they are.
printf 'Out %s\nAnonDirName %s\nLabel 0\n' "$OUT" "$OUT" | $SUDO tee /etc/cups/cups-pdf-counterapp.conf >/dev/null

if ! lpstat -r 2>/dev/null | grep -q "is running"; then
  $SUDO mkdir -p /run/cups
  $SUDO cupsd   # forks into the background
  for _ in $(seq 100); do lpstat -r 2>/dev/null | grep -q "is running" && break; sleep 0.1; done
fi
lpstat -r | grep -q "is running" || { echo "cupsd did not start" >&2; exit 1; }
if ! lpstat -p "$NAME" >/dev/null 2>&1; then
  $SUDO lpadmin -p "$NAME" -v cups-pdf:/counterapp -E -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd 2>/dev/null
fi
$SUDO lpadmin -d "$NAME"
echo "export COUNTER_APP_TEST_PRINTER=$NAME COUNTER_APP_TEST_PRINT_OUT=$OUT"
