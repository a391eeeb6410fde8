# Shared by the scripts in .ci/: sourced, never run. Moves to the repository
# root, so every script works from any directory.
set -euo pipefail

GOLANG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$GOLANG_ROOT"

# Build parallelism (ninja), and test parallelism (ctest): the suite's timing
# assertions are written for a loaded 2-core machine, so tests run 2 at once.
GOLANG_JOBS="${GOLANG_JOBS:-$(nproc)}"
GOLANG_TEST_JOBS="${GOLANG_TEST_JOBS:-2}"

# Debian's ccache, when installed, makes rebuilds cheap; CMake reads this.
if [[ -z "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]] && command -v ccache >/dev/null; then
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# "1m23s" for a number of seconds.
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
