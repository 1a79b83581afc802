#!/usr/bin/env bash
# Where `drover ls` spends its time, part by part, and `drover ls` vs `pm2 ls` with 10 apps, in one run.
# Each round runs, one after the other: `drover ls` (timed from outside), `pm2 ls` (the same), and
# `DROVER_TIMINGS=1 drover ls` (its phases); medians over the rounds. Then one run with the JVM's class
# loading logged: how many classes came from the class-data-sharing archive, and how many did not.
#
#   bench/cli.sh [other/drover ...]    (installs pm2 7 from npm into bench/.pm2 on first use)
#
# Other launchers given (another checkout's ./drover, e.g. an older commit's) get a column each, measured
# in the same rounds against this checkout's daemon. Not a test: timings depend on the machine and on what
# else runs on it; the load average is printed before and after.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
ROUNDS=${ROUNDS:-15}
LAUNCHERS=("$DROVER" "$@")
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $("$DROVER" --version), $ROUNDS rounds" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

now() { date +%s%N; }
# percentile P of the numbers on stdin
pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; print a[i]}'; }
wall_ms() { # command... -> its wall time in ms
  local s; s=$(now); "$@" >/dev/null 2>&1; echo "scale=1; ($(now) - $s)/1000000" | bc
}

printf 'exec sleep 100000\n' >"$WORK/sleep.sh"
for i in $(seq 1 10); do
  "$DROVER" start "$WORK/sleep.sh" --name "s$i" >/dev/null
  "$PM2" start "$WORK/sleep.sh" --name "s$i" >/dev/null
done
for l in "${LAUNCHERS[@]}"; do "$l" ls >/dev/null 2>&1; done # warm-up: page cache, first-use archives
"$PM2" ls >/dev/null 2>&1

for r in $(seq 1 "$ROUNDS"); do
  for i in "${!LAUNCHERS[@]}"; do
    l=${LAUNCHERS[$i]}
    wall_ms "$l" ls >>"$WORK/wall.$i"
    wall_ms "$PM2" ls >>"$WORK/wall.pm2"
    s=$(now)
    DROVER_TIMINGS=1 "$l" ls 2>"$WORK/phases.$i.$r" >/dev/null
    e=$(now)
    # what the JVM does after the last mark, until the process is gone
    last=$(awk 'END {print $6}' "$WORK/phases.$i.$r")
    echo "drover timings: exit $(echo "scale=1; ($e - $s)/1000000 - $last" | bc) ms 0 ms" >>"$WORK/phases.$i.$r"
  done
done

phase_median() { # launcher-index phase -> median ms of that phase
  cat "$WORK"/phases."$1".* | awk -v p="$2" '$3 == p {print $4}' | pct 50
}
PHASES=(launcher jvm model parse connect calls render output close execute exit)
echo
printf '%-28s' "part (median ms)"
for i in "${!LAUNCHERS[@]}"; do printf '%12s' "drover#$i"; done
echo
for p in "${PHASES[@]}"; do
  printf '%-28s' "$p"
  for i in "${!LAUNCHERS[@]}"; do printf '%12s' "$(phase_median "$i" "$p")"; done
  echo
done
printf '%-28s' "sum of parts"
for i in "${!LAUNCHERS[@]}"; do
  printf '%12s' "$(for p in "${PHASES[@]}"; do phase_median "$i" "$p"; done | paste -sd+ | bc)"
done
echo
echo
p_ls=$(pct 50 <"$WORK/wall.pm2")
printf '%-28s' "drover ls, wall (ms)"
for i in "${!LAUNCHERS[@]}"; do printf '%12s' "$(pct 50 <"$WORK/wall.$i")"; done
echo
printf '%-28s%12s\n' "pm2 ls, wall (ms)" "$p_ls"
printf '%-28s' "drover/pm2 (target <= 1.0)"
for i in "${!LAUNCHERS[@]}"; do printf '%12s' "$(echo "scale=2; $(pct 50 <"$WORK/wall.$i")/$p_ls" | bc)"; done
echo
echo

# classes: from the archive, from jars, from the JDK's image, made at run time (lambdas, proxies, accessors)
printf '%-28s' "classes loaded by ls"
for i in "${!LAUNCHERS[@]}"; do
  DROVER_JAVA_OPTS="-Xlog:class+load:file=$WORK/classes.$i" "${LAUNCHERS[$i]}" ls >/dev/null 2>&1
  printf '%12s' "$(grep -c . "$WORK/classes.$i")"
done
echo
kinds() { # class+load log -> archive jar jdk-image made-at-run-time
  awk '/source: shared objects file/ {a++; next} /source: file:/ {j++; next} /source: jrt:/ {i++; next}
       {m++} END {print a+0, j+0, i+0, m+0}' "$1"
}
for k in 1 2 3 4; do
  printf '%-28s' "  $(echo "from the archive|from jars|from the JDK's image|made at run time" | cut -d'|' -f"$k")"
  for i in "${!LAUNCHERS[@]}"; do printf '%12s' "$(kinds "$WORK/classes.$i" | cut -d' ' -f"$k")"; done
  echo
done
for i in "${!LAUNCHERS[@]}"; do echo "drover#$i: ${LAUNCHERS[$i]}"; done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
