#!/usr/bin/env bash
# The outside TLS audit of issue 15: Debian's testssl.sh against the real server with a
# configured certificate (the kind made by the server's own development-certificate code, passed
# as --cert/--key, so HSTS applies) and the default profile, "intermediate". Fails on any finding
# of severity LOW or above, except those that only the test's self-signed certificate causes.
#
# Checks run: protocols (-p), cipher categories (-s), forward secrecy and curves (-f), server
# defaults and the certificate (-S: serial entropy, extensions), HTTP headers (-h: HSTS) and the
# vulnerabilities (-U). Not run: the cipher-per-protocol listing (-E), client simulation (-c) and
# the rating: slow, and what they would find is already covered by -s, -f and -p.
#
# usage: testssl.sh path/to/mediation-room
set -euo pipefail
binary="$1"
if ! command -v testssl >/dev/null; then
  echo "testssl.sh is not installed (Debian package testssl.sh; scripts/test installs it)" >&2
  exit 1
fi
work="$(mktemp -d /tmp/mr-testssl-XXXXXX)"
chmod 700 "$work"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the server with "$@" and waits for the line that names its port.
start() {
  : >"$work/server.log"
  "$binary" serve --data "$work/data" --bind 127.0.0.1 --port 0 "$@" >"$work/server.log" 2>&1 &
  server=$!
  timeout 30 grep -q -m1 'serving https://' <(tail -f "$work/server.log") || {
    echo "server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
  }
  port="$(grep -o 'serving https://127.0.0.1:[0-9]*' "$work/server.log" | grep -o '[0-9]*$')"
}
stop() {
  kill "$server"
  wait "$server" || true
  server=""
}

# The first start makes the development certificate; the audited server uses it as its own.
start
stop
cp "$work/data/tls/dev-cert.pem" "$work/cert.pem"
cp "$work/data/tls/dev-key.pem" "$work/key.pem"
start --cert "$work/cert.pem" --key "$work/key.pem"

started=$SECONDS
testssl --quiet --warnings off --color 0 --ip one -p -s -f -S -h -U \
  --jsonfile "$work/findings.json" "127.0.0.1:$port" >"$work/testssl.txt" 2>&1 || true
echo "testssl.sh ran for $((SECONDS - started)) s"
[ -s "$work/findings.json" ] || { cat "$work/testssl.txt"; echo "testssl.sh wrote no findings" >&2; exit 1; }

# What only a self-signed test certificate on 127.0.0.1 is blamed for: no CA vouches for it, it
# names no revocation source, and there is no DNS for CAA records.
allowed='["cert_chain_of_trust", "cert_revocation", "DNS_CAArecord"]'
findings="$(jq -r --argjson allowed "$allowed" '
  .[] | select(.severity | IN("LOW", "MEDIUM", "HIGH", "CRITICAL"))
      | select(.id as $id | $allowed | index($id) | not)
      | "\(.severity)  \(.id): \(.finding)"' "$work/findings.json")"
for must in "Strict Transport Security    730 days" "TLS 1.3    offered" "Obsolete CBC ciphers (AES, ARIA etc.)         not offered" "Serial .*(OK"; do
  grep -q "$must" "$work/testssl.txt" || findings+=$'\n'"expected in the report: $must"
done
if [ -n "$(echo "$findings" | tr -d '[:space:]')" ]; then
  cat "$work/testssl.txt"
  echo "testssl.sh found what the profile forbids:" >&2
  echo "$findings" >&2
  exit 1
fi
echo "testssl.sh: nothing the intermediate profile forbids (TLS 1.2/1.3, ECDHE AEAD only, HSTS, 128-bit serial)"
