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

# The apps a manager runs: those of its children that run `sleep`, read from each of its threads' lists of
# children (a JVM spawns from its worker threads) and from each child's name. Cheap enough to poll while a
# run is timed: 0.02 s of CPU at 1,000 children, where `pgrep -P`, which reads every process's /proc entry,
# takes 0.2 s, and ten looks a second took most of a core from the start they timed.
sleepers() { # pid -> the pids of its children that run `sleep`, one a line
  local kids
  kids=$(cat /proc/"$1"/task/*/children 2>/dev/null) || true
  [[ -n $kids ]] || return 0
  # getline, not awk's file arguments: a child can exit between the two reads, and mawk stops at a file it
  # cannot open
  awk 'BEGIN {
    for (i = 1; i < ARGC; i++) {
      if ((getline name <ARGV[i]) > 0 && name == "sleep") { split(ARGV[i], part, "/"); print part[3] }
      close(ARGV[i])
    }
  }' $(printf '/proc/%s/comm ' $kids)
}
running() { sleepers "$1" | wc -l; } # pid -> how many of its children run `sleep`
