#!/usr/bin/env bash
# drover-runtime vs pm2-runtime, in one run: the same app in the foreground as a container runs it.
#   start  exec of the runtime until the app's first line is on the runtime's stdout
#   rss    the runtime process's resident memory after IDLE seconds, with the app running
#   cpu    the runtime process's CPU over those IDLE seconds, in % of one core
#   stop   SIGTERM until the runtime has exited (the app stops on SIGINT at once), and its exit code
# Medians over ROUNDS rounds; ratios are Drover / PM2 (below 1: Drover is faster or smaller).
#
#   bench/runtime.sh    (installs pm2 7 from npm into bench/.pm2 on first use)
#
# Not a test: timings depend on the machine and on what else runs on it; the load average is printed.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
ROUNDS=${ROUNDS:-5}
IDLE=${IDLE:-10}
PM2_RUNTIME="$PM2_PREFIX/node_modules/.bin/pm2-runtime"
RUNTIME="$ROOT/drover-runtime"
[[ -f "$ROOT/runtime/target/drover-runtime.jar" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $ROUNDS rounds, $IDLE s idle" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

printf 'echo up\ntrap "exit 0" INT TERM\nwhile :; do sleep 1; done\n' >"$WORK/up.sh"
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

# one round of one runtime: prints "start_ms rss_kb cpu_pct stop_ms exit"
round() {
  local name=$1; shift
  local out="$WORK/$name.out" t0 t1 pid t2 c0 c1 rss code
  rm -rf "$DROVER_HOME" "$PM2_HOME"
  t0=$(now)
  (cd "$WORK" && exec "$@" >"$out" 2>"$WORK/$name.err") &
  pid=$!
  until grep -q "up$" "$out" 2>/dev/null; do sleep 0.005; done
  t1=$(now)
  c0=$(ticks "$pid")
  sleep "$IDLE"
  c1=$(ticks "$pid")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  t2=$(now)
  kill -TERM "$pid"
  code=0
  wait "$pid" || code=$?
  echo "$(((t1 - t0) / 1000000)) $rss $(echo "scale=2; 100 * ($c1 - $c0) / $hz / $IDLE" | bc) $((($(now) - t2) / 1000000)) $code"
}

for r in $(seq 1 "$ROUNDS"); do
  round drover "$RUNTIME" start up.sh >>"$WORK/drover.rounds"
  round pm2 "$PM2_RUNTIME" start up.sh >>"$WORK/pm2.rounds"
done

col() { awk -v c="$2" '{print $c}' "$WORK/$1.rounds" | median; }
printf '%-26s %12s %12s %8s\n' "median of $ROUNDS" "drover-runtime" "pm2-runtime" "ratio"
for m in "1 start (ms)" "2 rss (kB)" "3 idle cpu (% of a core)" "4 stop after SIGTERM (ms)"; do
  c=${m%% *} label=${m#* }
  d=$(col drover "$c") p=$(col pm2 "$c")
  ratio=$(if [[ $(echo "$p > 0" | bc) == 1 ]]; then echo "scale=2; $d / $p" | bc; else echo "-"; fi)
  printf '%-26s %12s %12s %8s\n' "$label" "$d" "$p" "$ratio"
done
printf '%-26s %12s %12s\n' "exit codes after SIGTERM" "$(awk '{print $5}' "$WORK/drover.rounds" | sort -u | tr '\n' ' ')" \
  "$(awk '{print $5}' "$WORK/pm2.rounds" | sort -u | tr '\n' ' ')"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
