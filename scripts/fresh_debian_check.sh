#!/usr/bin/env bash
# Runs the README's prerequisites and its two commands, exactly as written, on a fresh Debian 12:
# a debootstrap (minbase) chroot, an ordinary user "clerk", a clone of this repository. The app
# is started under Xvfb (its set-up window must appear); then the tests run. As root, ~25 min.
#
#   sudo bash scripts/fresh_debian_check.sh [CHROOT_DIR]     # default /var/tmp/deb12-check
#
# Environment-specific: where HTTPS goes through an intercepting proxy, its CA certificates in
# /usr/local/share/ca-certificates are copied into the chroot and uv is told to use the system's
# certificate store (UV_SYSTEM_CERTS=1); neither is part of the README's steps.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
R="${1:-/var/tmp/deb12-check}"
[ -x "$R/bin/bash" ] || debootstrap --variant=minbase bookworm "$R" http://deb.debian.org/debian
for m in proc sys dev dev/pts; do mountpoint -q "$R/$m" || mount --bind "/$m" "$R/$m"; done
trap 'for m in dev/pts dev sys proc; do umount "$R/$m" 2>/dev/null || true; done' EXIT
cp /etc/resolv.conf "$R/etc/"
cp /usr/local/share/ca-certificates/*.crt "$R/usr/local/share/ca-certificates/" 2>/dev/null || true
chroot "$R" update-ca-certificates >/dev/null
chroot "$R" bash -c 'apt-get update -qq && apt-get install -y -qq sudo >/dev/null'
chroot "$R" bash -c 'id clerk >/dev/null 2>&1 || useradd -m -s /bin/bash clerk; echo "clerk ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/clerk'
rm -rf "$R/srv/repo.git" && git clone -q --bare "$REPO" "$R/srv/repo.git" && chown -R 1000:1000 "$R/srv/repo.git"

# The README's prerequisites block, with "<this repository>" filled in.
sed -n '/^## Prerequisites/,/^## Quick start/p' "$REPO/README.md" | sed -n '/^```sh$/,/^```$/p' | sed '1d;$d' \
  | sed 's#<this repository>#/srv/repo.git#; s#sudo apt install#sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends#' \
  > "$R/home/clerk/prereqs.sh"
# The test harness only: a virtual screen and a window lister.
chroot "$R" bash -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth x11-utils procps >/dev/null'
chroot "$R" su - clerk -c 'rm -rf counter-app; export UV_SYSTEM_CERTS=1; bash -e prereqs.sh'

# The two commands of the quick start, in a new login shell (pipx ensurepath's PATH).
chroot "$R" su - clerk -c 'cd counter-app && export UV_SYSTEM_CERTS=1 LANG=C.UTF-8 &&
  xvfb-run -a -s "-screen 0 1366x768x24" bash -c "
    uv run counter-app > /tmp/app.out 2>&1 & app=\$!
    for i in \$(seq 1 120); do xwininfo -root -tree | grep -q counter-app && break; sleep 1; done
    sleep 3; xwininfo -root -tree | grep counter-app | grep -v 1x1 ; kill \$app" | tee /tmp/windows.txt
  grep -q "[0-9]\{3\}x[0-9]\{3\}" /tmp/windows.txt && echo "APP STARTED: its set-up window is on the screen"
  uv run pytest'
