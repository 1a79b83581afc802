#!/usr/bin/env bash
# Drover vs PM2 with many instances, in one run: `start -i 1000`, `scale 10 -> 100`, `ls` at 1,000
# instances, the daemon's idle CPU over a window at 10 and at 1,000 instances (at 1,000 with memory
# checks on: one more app with max_memory_restart), its RSS and thread count at 10 and at 1,000.
# Prints a table of ratios against the targets of issue #18.
#
#   bench/scale.sh            (installs pm2 7 from npm into bench/.pm2 on first use)
#
# Knobs: N (1000 instances), IDLE_SECONDS (60), LS_RUNS (5), SCALE_RUNS (5), START_RUNS (3), SETTLE (10 s
# after a burst before measuring). Both daemons run side by side; the idle windows of both are measured at
# the same time, so a busy machine weighs on both alike. Each timed row is the median of its runs (the
# managers taking turns to go first), and each RSS the median of five samples over the idle window: one
# run of either manager varies by half on a shared machine, and PM2's RSS with its garbage collector. The
# rows at N instances come after START_RUNS starts of N and the deletes between them. Floor rows show what
# no manager could beat on this machine, in the same run: a C loop calling posix_spawn for the same apps,
# with nothing to manage them (and the CPU the apps' own start takes, spread over every core), and a JVM
# that only sleeps, started with droverd's own flags. Not a test: the load average is printed before and
# after.
set -euo pipefail
shopt -s inherit_errexit # a failure inside $(...) ends the run too, not only one at the top level
source "$(dirname "$(readlink -f "$0")")/common.sh"
N=${N:-1000}
IDLE_SECONDS=${IDLE_SECONDS:-60}
LS_RUNS=${LS_RUNS:-5}
SCALE_RUNS=${SCALE_RUNS:-5}
START_RUNS=${START_RUNS:-3}
RSS_SAMPLES=5
SETTLE=${SETTLE:-10}
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $("$DROVER" --version), N=$N, idle window ${IDLE_SECONDS}s" >&2
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

now() { date +%s%N; }
secs() { echo "scale=3; $1/1000000000" | bc; }
pct() { LC_ALL=C sort -n | awk -v p="$1" '{a[NR]=$1} END {i=int((NR-1)*p/100)+1; print a[i]}'; }
median() { printf '%s\n' "$@" | pct 50; } # values... -> their median
median_of() { # runs command... -> the median of the command's output over that many runs (an odd number)
  local runs=$1 out=() _; shift
  for _ in $(seq 1 "$runs"); do out+=("$("$@")"); done
  median "${out[@]}"
}
turns() { # round run-function: one run of each manager into d_runs and p_runs, Drover first in odd rounds,
  # so a busy spell weighs on both
  if (($1 % 2 == 1)); then
    d_runs+=("$("$2" dpid "$DROVER")"); p_runs+=("$("$2" ppid_ "$PM2")")
  else
    p_runs+=("$("$2" ppid_ "$PM2")"); d_runs+=("$("$2" dpid "$DROVER")")
  fi
}
online() { # jlist command... -> number of instances online
  "$@" jlist 2>/dev/null | grep -o '"status" *: *"online"' | wc -l
}
await_online() { # count timeout_s command...
  local want=$1 deadline=$((SECONDS + $2)); shift 2
  until [[ $(online "$@") -ge $want ]]; do
    ((SECONDS < deadline)) || { echo "$want instances did not come online for $1" >&2; return 1; }
    sleep 0.5
  done
}
poll() { # count -> how often to look: 0.02 s up to 100 processes, 0.1 s above (each look reads every child's name)
  if (($1 <= 100)); then echo 0.02; else echo 0.1; fi
}
await_at_most() { # count pid: until at most count of pid's children run the apps' `sleep`
  local deadline=$((SECONDS + 600))
  until [[ $(running "$2") -le $1 ]]; do
    ((SECONDS < deadline)) || { echo "more than $1 processes still run" >&2; return 1; }
    sleep 0.1
  done
}
await_running() { # count pid what: until count of pid's children run the apps' `sleep`, seen in /proc
  local deadline=$((SECONDS + 600)) every; every=$(poll "$1")
  until [[ $(running "$2") -ge $1 ]]; do
    ((SECONDS < deadline)) || { echo "$1 processes did not start for $3" >&2; return 1; }
    sleep "$every"
  done
}
timed_online() { # count daemon-pid-function command... -> seconds from the command's start until count app
  # processes run (polling with `jlist` would add its own time, about 0.5 s at 1,000 instances, to both
  # managers' figures); then every one of them must be online
  local want=$1 pidfn=$2 s t; shift 2
  s=$(now)
  "$@" >/dev/null 2>&1
  await_running "$want" "$("$pidfn")" "$1"
  t=$(($(now) - s))
  await_online "$want" 600 "$1"
  secs "$t"
}
app_cpu_ms() { # parent pid -> the mean CPU, in ms, each of its children running the apps' `sleep` has used
  # since its clone: its bash's start and the exec of sleep (run time from /proc/<pid>/schedstat, in ns)
  local p
  for p in $(sleepers "$1"); do cat "/proc/$p/schedstat" 2>/dev/null || true; done |
    awk '{n++; t+=$1} END {if (n) printf "%.2f\n", t/1e6/n; else print "-"}'
}
no_manager() { # count -> seconds for a loop, managing nothing, to start count copies of the app until they
  # run, timed as the managers are: what neither could beat on this machine. The loop is C calling posix_spawn,
  # as Drover does, from a process with three descriptors (a bash loop forks a bash, which costs more than the
  # spawn: it was slower than Drover on some machines, so no floor). Each run's apps' own CPU goes to
  # $WORK/apps-<count>
  local want=$1 s t pid
  s=$(now)
  "$WORK/spawn-loop" "$want" "$WORK/sleep.sh" &
  pid=$!
  await_running "$want" "$pid" "a posix_spawn loop"
  t=$(($(now) - s))
  app_cpu_ms "$pid" >>"$WORK/apps-$want"
  pkill -P "$pid" -x sleep || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  secs "$t"
}
spawn_loop() { # -> $WORK/spawn-loop: `spawn-loop count script` starts count `bash script`, each in its own
  # session with /dev/null for input and output, then waits to be killed
  command -v cc >/dev/null || { echo "bench/scale.sh needs a C compiler (cc) for its floor rows" >&2; return 1; }
  cat >"$WORK/spawn-loop.c" <<'C'
#define _GNU_SOURCE /* POSIX_SPAWN_SETSID */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
extern char **environ;
int main(int argc, char **argv) {
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t io;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
    posix_spawn_file_actions_init(&io);
    for (int fd = 0; fd < 3; fd++) posix_spawn_file_actions_addopen(&io, fd, "/dev/null", O_RDWR, 0);
    char *args[] = {"bash", argv[2], NULL};
    for (int i = atoi(argv[1]); i > 0; i--) {
        pid_t pid;
        if (posix_spawn(&pid, "/bin/bash", &io, &attr, args, environ) != 0) { perror("posix_spawn"); return 1; }
    }
    for (;;) pause();
}
C
  cc -O2 -o "$WORK/spawn-loop" "$WORK/spawn-loop.c"
}
idle_jvm_rss() { # daemon pid -> RSS in MB of a JVM that only sleeps, started with that daemon's JVM options
  # (its -X options, less its class-data archive, which holds droverd's classes): the part that is Java's own
  local opts=() arg
  while IFS= read -r -d '' arg; do
    case $arg in -cp | -classpath) break ;; -XX:SharedArchiveFile=* | -Xshare:* | -Xlog:*) ;; -X*) opts+=("$arg") ;; esac
  done < <(tail -z -n +2 "/proc/$1/cmdline")
  printf 'public class Idle { public static void main(String[] a) throws Exception { Thread.sleep(600000); } }\n' \
    >"$WORK/Idle.java"
  javac -d "$WORK" "$WORK/Idle.java"
  java "${opts[@]}" -cp "$WORK" Idle &
  local pid=$! rss
  sleep "$SETTLE"
  rss=$(rss_mb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$rss"
}
dpid() { cat "$DROVER_HOME/droverd.pid"; }
ppid_() { cat "$PM2_HOME/pm2.pid"; }
rss_mb() { echo "scale=1; $(awk '/VmRSS/ {print $2}' "/proc/$1/status")/1024" | bc; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }
ticks() { awk '{c=$0; sub(/.*\) /, "", c); split(c, f, " "); print f[12] + f[13]}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
idle_both() { # -> "drover% pm2% droverMB pm2MB": CPU of each daemon over the same IDLE_SECONDS, in % of
  # one core, and the median of its RSS sampled RSS_SAMPLES times over that window
  local d p d0 p0 _ drss=() prss=()
  d=$(dpid); p=$(ppid_); d0=$(ticks "$d"); p0=$(ticks "$p")
  for _ in $(seq 1 "$RSS_SAMPLES"); do
    sleep "$(echo "scale=2; $IDLE_SECONDS / $RSS_SAMPLES" | bc)"
    drss+=("$(rss_mb "$d")"); prss+=("$(rss_mb "$p")")
  done
  echo "$(echo "scale=3; ($(ticks "$d") - $d0) * 100 / $HZ / $IDLE_SECONDS" | bc)" \
    "$(echo "scale=3; ($(ticks "$p") - $p0) * 100 / $HZ / $IDLE_SECONDS" | bc)" \
    "$(median "${drss[@]}")" "$(median "${prss[@]}")"
}
time_ls() { # command... -> median seconds of `ls`
  "$@" ls >/dev/null 2>&1 # warm-up
  for _ in $(seq 1 "$LS_RUNS"); do
    local s; s=$(now); "$@" ls >/dev/null 2>&1; echo $(($(now) - s))
  done | pct 50
}

printf 'exec sleep 100000\n' >"$WORK/sleep.sh"
printf 'exec sleep 100000\n' >"$WORK/limited.sh"

# --- what no manager could beat, measured first on a quiet machine
spawn_loop
f_scale=$(median_of "$SCALE_RUNS" no_manager 90)
f_start=$(median_of "$START_RUNS" no_manager "$N")

# --- 10 instances: idle, RSS, threads; then scale 10 -> 100
"$DROVER" start "$WORK/sleep.sh" --name ten -i 10 >/dev/null
"$PM2" start "$WORK/sleep.sh" --name ten -i 10 >/dev/null
await_online 10 60 "$DROVER"; await_online 10 60 "$PM2"
sleep "$SETTLE"
read -r d_idle10 p_idle10 d_rss10 p_rss10 < <(idle_both)
d_thr10=$(threads "$(dpid)"); p_thr10=$(threads "$(ppid_)")
f_rss=$(idle_jvm_rss "$(dpid)")
scale_run() { # manager-pid-function command -> seconds of one `scale ten 100`, then back to 10
  local t; t=$(timed_online 100 "$1" "$2" scale ten 100)
  "$2" scale ten 10 >/dev/null 2>&1
  await_at_most 10 "$("$1")"
  echo "$t"
}
d_runs=() p_runs=()
for round in $(seq 1 "$SCALE_RUNS"); do turns "$round" scale_run; done
d_scale=$(median "${d_runs[@]}"); p_scale=$(median "${p_runs[@]}")
echo "scale 10 -> 100 runs (s): drover ${d_runs[*]}; pm2 ${p_runs[*]}" >&2
"$DROVER" delete ten >/dev/null; "$PM2" delete ten >/dev/null

# --- N instances: start, ls, idle with memory checks on, RSS, threads
start_run() { # manager-pid-function command -> seconds of one `start -i N`
  timed_online "$N" "$1" "$2" start "$WORK/sleep.sh" --name big -i "$N"
}
d_runs=() p_runs=()
for round in $(seq 1 "$START_RUNS"); do # the last round's instances stay for the rest
  if ((round > 1)); then
    "$DROVER" delete big >/dev/null; "$PM2" delete big >/dev/null
    await_at_most 0 "$(dpid)"; await_at_most 0 "$(ppid_)"
  fi
  turns "$round" start_run
done
d_start=$(median "${d_runs[@]}"); p_start=$(median "${p_runs[@]}")
echo "start -i $N runs (s): drover ${d_runs[*]}; pm2 ${p_runs[*]}" >&2
d_apps=$(app_cpu_ms "$(dpid)"); p_apps=$(app_cpu_ms "$(ppid_)")
mapfile -t f_apps <"$WORK/apps-$N"
f_apps=$(median "${f_apps[@]}")
# the apps' own CPU spread over every core: no manager, not even the loop, starts them in less
f_cpu=$(echo "scale=2; $N * $f_apps / 1000 / $(nproc)" | bc)
"$DROVER" start "$WORK/limited.sh" --name limited --max-memory-restart 200M >/dev/null
"$PM2" start "$WORK/limited.sh" --name limited --max-memory-restart 200M >/dev/null
await_online $((N + 1)) 120 "$DROVER"; await_online $((N + 1)) 120 "$PM2"
sleep "$SETTLE"
read -r d_idleN p_idleN d_rssN p_rssN < <(idle_both)
d_thrN=$(threads "$(dpid)"); p_thrN=$(threads "$(ppid_)")
d_ls=$(secs "$(time_ls "$DROVER")"); p_ls=$(secs "$(time_ls "$PM2")")

row() { # name drover pm2 target-ratio [floor]
  local ratio ok verdict
  ratio=$(echo "scale=3; $2/$3" | bc 2>/dev/null || echo "-")
  # the measured figures against the target, not the ratio as printed: .207 is no .20
  ok=$(echo "$2 <= $4 * $3" | bc 2>/dev/null || echo 0)
  verdict=$([[ $ok == 1 ]] && echo ok || echo MISSED)
  # a target under what no manager does on this machine cannot be met here: say so rather than leave it bare
  if [[ $ok != 1 && -n ${5:-} && $(echo "$5 > $4 * $3" | bc) == 1 ]]; then
    verdict="MISSED, as by no manager here: the floor is above it"
  fi
  printf '%-40s %9s %9s %7s   <= %-6s %s\n' "$1" "$2" "$3" "$ratio" "$4x" "$verdict"
}
absolute() { # name drover pm2 target (absolute, drover's own)
  local ok; ok=$(echo "$2 <= $4" | bc)
  printf '%-40s %9s %9s %7s   <= %-6s %s\n' "$1" "$2" "$3" "" "$4" "$([[ $ok == 1 ]] && echo ok || echo MISSED)"
}
floor() { # name floor pm2: what no manager could beat, against PM2's figure in the row above
  printf '%-40s %9s %9s %7s   %s\n' "$1" "$2" "$3" "$(echo "scale=3; $2/$3" | bc 2>/dev/null || echo -)" "(the floor)"
}
info() { printf '%-40s %9s %9s %7s   %s\n' "$1" "$2" "$3" "$(echo "scale=3; $2/$3" | bc 2>/dev/null || echo -)" "(no target)"; }
echo
printf '%-40s %9s %9s %7s   %s\n' metric drover pm2 ratio target
row "start -i $N, until running (s)" "$d_start" "$p_start" 0.2 "$f_start"
floor "  no manager: posix_spawn of $N in a loop" "$f_start" "$p_start"
floor "  the apps' own CPU over $(nproc) cores" "$f_cpu" "$p_start"
info "  the apps' own CPU each (ms)" "$d_apps" "$p_apps"
printf '%-40s %9s\n' "  the same under the loop (ms)" "$f_apps"
row "scale 10 -> 100, until running (s)" "$d_scale" "$p_scale" 0.5 "$f_scale"
floor "  no manager: posix_spawn of 90 in a loop" "$f_scale" "$p_scale"
row "ls at $N instances, median (s)" "$d_ls" "$p_ls" 0.7
absolute "idle CPU at $N + max_memory (% core)" "$d_idleN" "$p_idleN" 0.5
absolute "idle CPU at 10 (% core)" "$d_idle10" "$p_idle10" 0.05
row "daemon RSS at 10 (MB)" "$d_rss10" "$p_rss10" 1.0
floor "  a JVM that only sleeps, droverd's flags" "$f_rss" "$p_rss10"
row "daemon RSS at $N (MB)" "$d_rssN" "$p_rssN" 0.5
info "daemon threads at 10" "$d_thr10" "$p_thr10"
info "daemon threads at $N" "$d_thrN" "$p_thrN"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
