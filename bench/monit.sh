#!/usr/bin/env bash
# `drover monit` vs `pm2 monit`, each watching N instances (10, then 1,000) of a bash app that runs `exec
# sleep`, in one run: the CPU the open dashboard takes, and what its daemon takes to answer it, over the
# same window. Each dashboard runs alone, in a detached tmux session of 160x50 (a real pseudo-terminal),
# while the other manager's daemon holds its own instances; the daemon's idle CPU is measured over the
# same length of time before the dashboard opens, and taken off.
#
#   bench/monit.sh            (installs pm2 7 from npm into bench/.pm2 on first use; needs tmux)
#
# Knobs: COUNTS ("10 1000"), WINDOW (30 s), SETTLE (10 s after a dashboard opens or a burst ends).
# Target (issue #18): the dashboard under 2 % of a core. Not a test: the load average is printed.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
COUNTS=${COUNTS:-"10 1000"}
WINDOW=${WINDOW:-30}
SETTLE=${SETTLE:-10}
command -v tmux >/dev/null || { echo "bench/monit.sh needs tmux (apt-get install tmux)" >&2; exit 1; }
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $("$DROVER" --version), window ${WINDOW}s" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
SESSION="drover-bench-monit-$$"
bench_cleanup() { tmux kill-session -t "$SESSION" 2>/dev/null || true; }

HZ=$(getconf CLK_TCK)
ticks() { awk '{c=$0; sub(/.*\) /, "", c); split(c, f, " "); print f[12] + f[13]}' "/proc/$1/stat"; }
pct() { echo "scale=2; $1 * 100 / $HZ / $WINDOW" | bc; }
dpid() { cat "$DROVER_HOME/droverd.pid"; }
ppid_() { cat "$PM2_HOME/pm2.pid"; }
await_running() { # count pid
  local deadline=$((SECONDS + 600))
  until [[ $(running "$2") -ge $1 ]]; do
    ((SECONDS < deadline)) || { echo "$1 processes did not start" >&2; return 1; }
    sleep 0.2
  done
}

watch() { # daemon-pid command... -> "dashboard% daemon%": the dashboard open for WINDOW seconds
  local daemon=$1 d0 d1 idle pane m0 m1 b0 b1
  shift
  d0=$(ticks "$daemon"); sleep "$WINDOW"; d1=$(ticks "$daemon")
  idle=$((d1 - d0))
  tmux new-session -d -s "$SESSION" -x 160 -y 50 "$(printf '%q ' env DROVER_HOME="$DROVER_HOME" PM2_HOME="$PM2_HOME" "$@")"
  pane=$(tmux list-panes -t "$SESSION" -F '#{pane_pid}')
  sleep "$SETTLE" # past the dashboard's own start
  m0=$(ticks "$pane"); b0=$(ticks "$daemon")
  sleep "$WINDOW"
  m1=$(ticks "$pane"); b1=$(ticks "$daemon")
  tmux kill-session -t "$SESSION"
  local served=$((b1 - b0 - idle))
  ((served >= 0)) || served=0
  echo "$(pct $((m1 - m0))) $(pct "$served")"
}

printf 'exec sleep 100000\n' >"$WORK/sleep.sh"
results=()
for n in $COUNTS; do
  "$DROVER" start "$WORK/sleep.sh" --name watched -i "$n" >/dev/null
  "$PM2" start "$WORK/sleep.sh" --name watched -i "$n" >/dev/null
  await_running "$n" "$(dpid)"; await_running "$n" "$(ppid_)"
  sleep "$SETTLE"
  read -r d_dash d_daemon < <(watch "$(dpid)" "$DROVER" monit)
  read -r p_dash p_daemon < <(watch "$(ppid_)" "$PM2" monit)
  results+=("$n $d_dash $p_dash $d_daemon $p_daemon")
  "$DROVER" delete watched >/dev/null; "$PM2" delete watched >/dev/null
done

echo
printf '%-44s %9s %9s   %s\n' metric drover pm2 target
for r in "${results[@]}"; do
  read -r n d_dash p_dash d_daemon p_daemon <<<"$r"
  ok=$(echo "$d_dash < 2" | bc)
  printf '%-44s %9s %9s   %s\n' "monit watching $n: the dashboard (% core)" "$d_dash" "$p_dash" \
    "< 2 $([[ $ok == 1 ]] && echo ok || echo MISSED)"
  printf '%-44s %9s %9s   %s\n' "  its daemon answering it (% core)" "$d_daemon" "$p_daemon" "(no target)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
