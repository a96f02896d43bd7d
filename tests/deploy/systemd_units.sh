#!/usr/bin/env bash
# The unit files of deploy/ (issue 15) as systemd reads them: `systemd-analyze verify` must say
# nothing at all (it exits 0 on an unknown key or a bad value, so any line it prints fails the
# test), and `systemd-analyze security` must rate the server's sandbox at exposure 2.0 or lower.
# The units name /usr/local/bin/mediation-room; the copies checked here name the built binary.
#
# usage: systemd_units.sh path/to/deploy path/to/mediation-room
set -euo pipefail
deploy="$1"
binary="$2"
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd-analyze is not installed (Debian package systemd; scripts/test installs it)" >&2
  exit 1
fi
work="$(mktemp -d /tmp/mr-units-XXXXXX)"
trap 'rm -rf "$work"' EXIT
for unit in "$deploy"/*.service "$deploy"/*.timer; do
  sed "s#/usr/local/bin/mediation-room#$binary#g" "$unit" >"$work/$(basename "$unit")"
done
status=0
said="$(cd "$work" && systemd-analyze verify ./*.service ./*.timer 2>&1)" || status=$?
if [ "$status" -ne 0 ] || [ -n "$said" ]; then
  echo "systemd-analyze verify:" >&2
  echo "$said" >&2
  exit 1
fi
if ! systemd-analyze security --offline=true --threshold=20 "$work/mediation-room.service" \
  >"$work/security.txt" 2>&1; then
  cat "$work/security.txt" >&2
  echo "the server's sandbox is rated above exposure 2.0" >&2
  exit 1
fi
grep -o 'Overall exposure level.*' "$work/security.txt"
echo "unit files: verified"
