# Sourced by every benchmark: a temporary work area with Drover's and PM2's homes in it, pm2 7 from npm
# in bench/.pm2 (installed on first use), a built checkout, and a cleanup that kills both daemons and
# removes the work area when the script ends. A script may define bench_cleanup for its own leftovers.
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
PM2_PREFIX="$ROOT/bench/.pm2"
WORK="$(mktemp -d /tmp/drover-bench.XXXXXX)"
export DROVER_HOME="$WORK/drover-home" PM2_HOME="$WORK/pm2-home"
PM2="$PM2_PREFIX/node_modules/.bin/pm2"
DROVER="$ROOT/drover"

cleanup() {
  if declare -F bench_cleanup >/dev/null; then bench_cleanup || true; fi
  "$DROVER" kill >/dev/null 2>&1 || true
  [[ -x "$PM2" ]] && "$PM2" kill >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -x "$PM2" ]]; then
  echo "installing pm2 7 into $PM2_PREFIX ..." >&2
  npm install --silent --no-audit --no-fund --prefix "$PM2_PREFIX" pm2@7 >/dev/null
fi
[[ -f "$ROOT/cli/target/drover-cli.jar" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
