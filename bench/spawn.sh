#!/usr/bin/env bash
# What a spawn costs with the daemon's descriptor table, in C, without Drover: glibc's posix_spawn (as
# Drover spawns: the child closes every descriptor above 2 with addclosefrom_np) against clone with
# CLONE_VM | CLONE_VFORK | CLONE_FILES, whose child gives itself a table of descriptors 0-2 only with
# close_range(3, ~0, CLOSE_RANGE_UNSHARE), so nothing is copied or closed one by one. Each is run holding no
# descriptors and holding HELD (4,000: what the daemon holds at 1,000 instances, two pipes, a notify socket
# and a pidfd each), spawning and waiting for /bin/true SPAWNS (400) times, ROUNDS (3) times in turn.
# Printed per spawn, the median of the rounds: how long the parent is held in the call (the supervisor's
# thread, which spawns one instance after another), the whole spawn until the child is reaped, and the
# child's CPU. Needs a C compiler (cc) and Linux 5.9 or later (close_range).
#
#   bench/spawn.sh
set -euo pipefail
SPAWNS=${SPAWNS:-400}
ROUNDS=${ROUNDS:-3}
HELD=${HELD:-4000}
command -v cc >/dev/null || { echo "bench/spawn.sh needs a C compiler (cc)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/drover-spawn.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

cat >"$WORK/probe.c" <<'C'
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
extern char **environ;
static char *args[] = {"/bin/true", NULL};
static char stack[64 * 1024] __attribute__((aligned(16)));
static int child(void *unused) {
    (void)unused;
    if (syscall(SYS_close_range, 3, ~0U, CLOSE_RANGE_UNSHARE) != 0) _exit(126);
    execve(args[0], args, environ);
    _exit(127);
}
static double ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
static double cpu_ms(struct rusage *r) {
    return (r->ru_utime.tv_sec + r->ru_stime.tv_sec) * 1e3 + (r->ru_utime.tv_usec + r->ru_stime.tv_usec) / 1e3;
}
/* probe spawns held clone(0|1) -> "held-in-call spawn-and-wait child-cpu", in ms per spawn */
int main(int argc, char **argv) {
    int spawns = atoi(argv[1]), held = atoi(argv[2]), with_clone = atoi(argv[3]);
    struct rlimit lim = {held + 64, held + 64};
    if (setrlimit(RLIMIT_NOFILE, &lim) != 0) { perror("setrlimit"); return 1; }
    for (int i = 0; i < held / 2; i++) {
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) { perror("pipe2"); return 1; }
    }
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    double in_call = 0, start = ms();
    for (int i = 0; i < spawns; i++) {
        pid_t pid;
        int status;
        double t = ms();
        if (with_clone) {
            pid = clone(child, stack + sizeof stack, CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, NULL);
            if (pid < 0) { perror("clone"); return 1; }
        } else {
            posix_spawn_file_actions_t actions;
            posix_spawn_file_actions_init(&actions);
            posix_spawn_file_actions_addclosefrom_np(&actions, 3);
            if (posix_spawn(&pid, args[0], &actions, NULL, args, environ) != 0) { perror("posix_spawn"); return 1; }
            posix_spawn_file_actions_destroy(&actions);
        }
        in_call += ms() - t;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "the child failed (status %d)\n", status);
            return 1;
        }
    }
    double total = ms() - start;
    getrusage(RUSAGE_CHILDREN, &after);
    printf("%.3f %.3f %.3f\n", in_call / spawns, total / spawns, (cpu_ms(&after) - cpu_ms(&before)) / spawns);
    return 0;
}
C
cc -O2 -o "$WORK/probe" "$WORK/probe.c"

median() { LC_ALL=C sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A runs
for _ in $(seq 1 "$ROUNDS"); do
  for with_clone in 0 1; do
    for held in 0 "$HELD"; do
      runs[$with_clone.$held]+="$("$WORK/probe" "$SPAWNS" "$held" "$with_clone")"$'\n'
    done
  done
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $SPAWNS spawns of /bin/true, median of $ROUNDS rounds, ms per spawn" >&2
col() { printf '%s' "${runs[$1]}" | awk -v c="$2" 'NF {print $c}' | median; } # run-key column -> its median
printf '%-34s %10s %14s %10s %10s\n' "spawn path" descriptors "held in call" "to reaped" "child CPU"
names=("posix_spawn + addclosefrom_np" "clone CLONE_FILES + close_range")
for with_clone in 0 1; do
  for held in 0 "$HELD"; do
    key=$with_clone.$held
    printf '%-34s %10s %14s %10s %10s\n' "${names[$with_clone]}" "$held" \
      "$(col "$key" 1)" "$(col "$key" 2)" "$(col "$key" 3)"
  done
done
