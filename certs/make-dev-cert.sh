#!/usr/bin/env bash
# Makes a self-signed development certificate for localhost in DIR (default ./data/tls).
set -euo pipefail
dir="${1:-data/tls}"
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
  -subj "/CN=localhost/O=mediation-room development" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$dir/dev-key.pem" -out "$dir/dev-cert.pem"
chmod 644 "$dir/dev-cert.pem"
echo "wrote $dir/dev-cert.pem and $dir/dev-key.pem"
