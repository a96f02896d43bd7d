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
# jq reads testssl's findings; systemd-analyze (in systemd) checks the unit files.
TEST_PACKAGES=(chromium fonts-wqy-microhei testssl.sh nginx jq systemd)

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
build() {
  cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
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
