#!/usr/bin/env bash
# Drover vs PM2 on this machine, in one run: crash-to-respawn gap, `ls` wall time with 10 apps,
# daemon RSS with 100 sleeping instances. Prints a table of ratios against the targets.
#
#   bench/foundation.sh            (installs pm2 7 from npm into bench/.pm2 on first use)
#
# Not a test: timings depend on the machine. Run it on an otherwise idle machine.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
CRASH_RUNS=${CRASH_RUNS:-34}
LS_RUNS=${LS_RUNS:-10}
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $("$DROVER" --version)" >&2

ms() { echo "scale=3; $1/1000000" | bc; }
now() { date +%s%N; }
# percentile P of the numbers on stdin
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; print a[i]}'; }
wait_lines() { # file count timeout_s
  local deadline=$((SECONDS + $3))
  until [[ -f "$1" && $(grep -c . "$1") -ge $2 ]]; do
    ((SECONDS < deadline)) || { echo "timed out waiting for $2 lines in $1" >&2; return 1; }
    sleep 0.2
  done
}

# --- 1. crash -> respawn: the app logs its start and its end; gap = next start - previous end
# EPOCHREALTIME (bash 5) reads the clock without forking `date`, so the gap is the bash exit, the
# manager's reaction and the new bash's start, and little else.
cat > "$WORK/crash.sh" <<'APP'
echo "start ${EPOCHREALTIME/./}" >> "$STAMPS"
sleep 0.3
echo "end ${EPOCHREALTIME/./}" >> "$STAMPS"
exit 1
APP
gaps() { # stamps file (microseconds) -> gaps in ns, one per line
  awk '$1=="end"{e=$2} $1=="start" && e {print ($2-e)*1000; e=0}' "$1"
}
STAMPS="$WORK/drover.stamps" "$DROVER" start "$WORK/crash.sh" --name crash --max-restarts 100000 >/dev/null
wait_lines "$WORK/drover.stamps" $((2 * CRASH_RUNS + 2)) 60
"$DROVER" delete crash >/dev/null
STAMPS="$WORK/pm2.stamps" "$PM2" start "$WORK/crash.sh" --name crash --max-restarts 100000 >/dev/null
wait_lines "$WORK/pm2.stamps" $((2 * CRASH_RUNS + 2)) 60
"$PM2" delete crash >/dev/null
d_p50=$(gaps "$WORK/drover.stamps" | pct 50); p_p50=$(gaps "$WORK/pm2.stamps" | pct 50)
d_p90=$(gaps "$WORK/drover.stamps" | pct 90); p_p90=$(gaps "$WORK/pm2.stamps" | pct 90)
d_n=$(gaps "$WORK/drover.stamps" | wc -l); p_n=$(gaps "$WORK/pm2.stamps" | wc -l)

# --- 2. ls with 10 apps
printf 'exec sleep 100000\n' > "$WORK/sleep.sh"
for i in $(seq 1 10); do
  "$DROVER" start "$WORK/sleep.sh" --name "s$i" >/dev/null
  "$PM2" start "$WORK/sleep.sh" --name "s$i" >/dev/null
done
time_ls() { # command... -> median seconds
  "$@" >/dev/null 2>&1 # warm-up
  for _ in $(seq 1 "$LS_RUNS"); do
    local s; s=$(now); "$@" >/dev/null 2>&1; echo $(( $(now) - s ))
  done | pct 50
}
d_ls=$(time_ls "$DROVER" ls); p_ls=$(time_ls "$PM2" ls)
"$DROVER" delete all >/dev/null; "$PM2" delete all >/dev/null

# --- 3. daemon RSS with 100 sleeping instances of one app
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
online() { # jlist command... -> number online
  "$@" jlist 2>/dev/null | grep -o '"status" *: *"online"' | wc -l
}
"$DROVER" start "$WORK/sleep.sh" --name sleepers -i 100 >/dev/null
"$PM2" start "$WORK/sleep.sh" --name sleepers -i 100 >/dev/null
deadline=$((SECONDS + 60))
until [[ $(online "$DROVER") -ge 100 && $(online "$PM2") -ge 100 ]]; do
  ((SECONDS < deadline)) || { echo "instances did not come online" >&2; exit 1; }
  sleep 0.5
done
sleep 5 # let both daemons settle after the burst
d_rss=$(rss_kb "$(cat "$DROVER_HOME/droverd.pid")"); p_rss=$(rss_kb "$(cat "$PM2_HOME/pm2.pid")")
"$DROVER" delete all >/dev/null; "$PM2" delete all >/dev/null

# --- 3b. the same with 100 apps of one instance each (PM2 keeps a full environment per app)
for i in $(seq 1 100); do
  "$DROVER" start "$WORK/sleep.sh" --name "app$i" >/dev/null
  "$PM2" start "$WORK/sleep.sh" --name "app$i" >/dev/null
done
deadline=$((SECONDS + 60))
until [[ $(online "$DROVER") -ge 100 && $(online "$PM2") -ge 100 ]]; do
  ((SECONDS < deadline)) || { echo "apps did not come online" >&2; exit 1; }
  sleep 0.5
done
sleep 5
d_rss_apps=$(rss_kb "$(cat "$DROVER_HOME/droverd.pid")"); p_rss_apps=$(rss_kb "$(cat "$PM2_HOME/pm2.pid")")

row() { # name drover pm2 target
  local ratio; ratio=$(echo "scale=2; $2/$3" | bc)
  local ok; ok=$(echo "$ratio <= $4" | bc)
  printf '%-34s %10s %10s %7s   <= %-5s %s\n' "$1" "$2" "$3" "$ratio" "$4" "$([[ $ok == 1 ]] && echo ok || echo MISSED)"
}
echo
printf '%-34s %10s %10s %7s   %s\n' metric drover pm2 ratio target
row "crash->respawn p50 (ms, n=$d_n/$p_n)" "$(ms "$d_p50")" "$(ms "$p_p50")" 0.5
row "crash->respawn p90 (ms)" "$(ms "$d_p90")" "$(ms "$p_p90")" 0.5
row "ls with 10 apps, median (s)" "$(echo "scale=3; $d_ls/1000000000" | bc)" "$(echo "scale=3; $p_ls/1000000000" | bc)" 1.0
row "daemon RSS, 1 app x 100 (MB)" "$(echo "scale=1; $d_rss/1024" | bc)" "$(echo "scale=1; $p_rss/1024" | bc)" 0.5
row "daemon RSS, 100 apps (MB)" "$(echo "scale=1; $d_rss_apps/1024" | bc)" "$(echo "scale=1; $p_rss_apps/1024" | bc)" 0.5
