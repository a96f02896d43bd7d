#!/usr/bin/env bash
# A few seconds of load against a fresh server: 3 rooms x 3 participants, a resume storm in the
# middle, and the verdict that nothing was missing, doubled or refused. Usage: bench/smoke.sh [BUILD]
set -euo pipefail

build=${1:-${BUILD:-$(cd "$(dirname "$0")/.." && pwd)/build}}
server_bin=$build/mediation-room
loadgen_bin=$build/loadgen
for bin in "$server_bin" "$loadgen_bin"; do
  [[ -x $bin ]] || { echo "smoke: $bin not built" >&2; exit 2; }
done

data=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data"
}
trap cleanup EXIT

password=smoke-$RANDOM$RANDOM
"$server_bin" mediator add --data "$data" --login bench --name 压测 --org bench \
  --password "$password" --json >/dev/null
"$server_bin" serve --bind 127.0.0.1 --port 0 --data "$data" --rate 100000 --burst 100000 \
  >"$data/server.log" 2>&1 &
server_pid=$!

port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*serving https://127.0.0.1:\([0-9]*\).*|\1|p' "$data/server.log" | head -1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
[[ -n $port ]] || { echo "smoke: server did not start" >&2; cat "$data/server.log" >&2; exit 1; }

status=0
result=$(timeout 120 "$loadgen_bin" --port "$port" --password "$password" --rooms 3 \
  --participants 3 --threads 2 --duration 3 --rate-interval-ms 100 --resume-storm \
  --server-pid "$server_pid" --json-only) || status=$?
echo "$result"
line=$(grep '^RESULT ' <<<"$result" | sed 's/^RESULT //')
[[ -n $line ]] || { echo "smoke: no RESULT line (exit $status)" >&2; exit 1; }

check() {  # name, jq expression that must be true
  if [[ $(jq -r "$2" <<<"$line") != true ]]; then
    echo "smoke: FAILED $1: $(jq -c "$3" <<<"$line")" >&2
    status=1
  fi
}
check "nothing missing" '.missing == 0' '{missing, expected_deliveries}'
check "no duplicates" '.duplicates == 0 and .doubled == 0' '{duplicates, doubled}'
check "no error frames" '.error_total == 0' '.errors'
check "everyone connected" '.connected == .connections' '{connected, connections}'
check "messages flowed" '.acked > 0 and .delivered == .expected_deliveries' '{acked, delivered, expected_deliveries}'
check "everyone resumed" '.storm.caught_up == .connected' '.storm'
[[ $status -eq 0 ]] && echo "smoke: ok"
exit "$status"
