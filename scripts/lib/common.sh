# Shared by scripts/run and scripts/test: install what is missing, then build.
# Sourced, not run. Expects `set -euo pipefail` in the caller.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

# Debian 12 packages the build, the server and the tests need.
BUILD_PACKAGES=(
  build-essential cmake pkg-config ccache git
  libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev libssl-dev openssl
  libcli11-dev libspdlog-dev prometheus-cpp-dev libsystemd-dev libvalijson-dev libzip-dev zipcmp zipmerge ziptool libsodium-dev libmagic-dev libjemalloc-dev libqrencode-dev libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm
)
# testssl.sh audits the TLS profile, nginx stands in front of the server as a reverse proxy would,
# jq reads testssl's findings; systemd-analyze (in systemd) checks the unit files; clang and its
# runtime build the sanitizer build and libFuzzer; e2fsprogs makes the full-disk test's filesystem.
TEST_PACKAGES=(chromium fonts-wqy-microhei testssl.sh nginx jq systemd clang-14 libclang-rt-14-dev e2fsprogs)

# stage NAME: a heading with the time since the script began.
stage() { printf '\n== %s (at %d min %02d s)\n' "$1" $((SECONDS / 60)) $((SECONDS % 60)); }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the named Debian packages that are not installed yet (and nothing else).
ensure_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # The machine may bring its own Node.js; Debian's is only needed when there is none.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local kept=()
    for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || kept+=("$p"); done
    missing=("${kept[@]}")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Let ccache share objects between clones of the repository (paths are taken relative to it).
export CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true

# build [cmake --build arguments…]: configures (RelWithDebInfo) and builds the server, then the
# browser client it serves.
# BUILD_OPTIONS: more cmake options (scripts/test: the sanitizer build).
build() {
  # shellcheck disable=SC2086
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${BUILD_OPTIONS:-} >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" "$@"
  build_client
}

# The browser client (client-web/): packages exactly as locked, the type check against the protocol
# schemas, then the Vite build into client-web/dist, which the server serves.
build_client() {
  local version
  version="$(node -p 'process.versions.node')"
  if ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "The web client needs Node.js 20.19 or newer to build (found $version)." >&2
    echo "Install Node.js 20.19 or newer and run this again." >&2
    return 1
  fi
  (cd "$ROOT/client-web" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build -- --logLevel warn)
}

# build_sanitized DIR SANITIZER TARGET…: the named targets built with clang under SANITIZER
# (address: ASan and UBSan; thread: TSan) into DIR, without the benchmarks.
build_sanitized() {
  local dir="$1" sanitizer="$2"
  shift 2
  cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DMR_SANITIZE="$sanitizer" -DBUILD_BENCH=OFF >/dev/null
  cmake --build "$dir" -j"$(nproc)" --target "$@"
}

# The libFuzzer targets (build-fuzz/): clang, ASan and UBSan, just the sources they exercise.
FUZZ_DIR="${FUZZ_DIR:-$ROOT/build-fuzz}"
build_fuzzers() {
  cmake -S "$ROOT" -B "$FUZZ_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER=clang++-14 -DMR_FUZZ=ON >/dev/null
  cmake --build "$FUZZ_DIR" -j"$(nproc)"
}

# How the sanitizers report: fail on the first finding, with a stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:strict_string_checks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

# run_fuzzers SECONDS: each libFuzzer target for SECONDS, from its seed
# corpus (tests/fuzz/corpus/<target>) into a scratch copy, so the committed seeds stay as they are.
# Prints the executions of each; a finding fails, its input kept in build-fuzz/findings/.
run_fuzzers() {
  local seconds="$1" target work log findings="$FUZZ_DIR/findings"
  mkdir -p "$findings"
  for target in client_frame canonical_json http_request bundle; do
    work="$(mktemp -d)"
    log="$findings/$target.log"
    cp -r "$ROOT/tests/fuzz/corpus/$target/." "$work/"
    if ! "$FUZZ_DIR/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len=65536 \
        -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$findings/$target-" \
        "$work" >"$log" 2>&1; then
      tail -n 60 "$log"
      echo "fuzz_$target found a fault; the input is in $findings" >&2
      rm -rf "$work"
      return 1
    fi
    echo "fuzz_$target: $(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}') executions in ${seconds}s, no finding"
    rm -rf "$work"
  done
}
