#!/usr/bin/env bash
# Records the classes Drover's three JVMs load, from which their launchers make class-data-sharing
# archives (each list merged in order of first appearance, with -XX:DumpLoadedClassList):
#   drover          cli/src/main/cds/drover.classlist: representative commands (ls and its siblings,
#                   start, stop, restart, scale, show, logs, save, delete, help and errors) against a throwaway daemon
#   droverd         daemon/src/main/cds/droverd.classlist: that daemon's start and its everyday work: apps
#                   started from the command line, one writing lines, ls/jlist/show, stop, restart, scale,
#                   logs, env and delete. What only an ecosystem file, a reload, a save or stopping the daemon
#                   loads is left out (about 280 entries, 1.7 MB): see below
#   drover-runtime  runtime/src/main/cds/drover-runtime.classlist: the runtime started with a script and with
#                   a file, the apps' output lines on its stdout, stopped by SIGTERM
# The daemon's and the runtime's lists leave out the JSON and YAML library (Jackson, 520 classes): the JDK
# here relocates an archive at every start (ArchiveRelocationMode=1), which writes every page of it, so
# an archived class costs memory whether it is loaded or not, and only files, saved apps and JSON messages
# load Jackson. With it the daemon at 10 idle instances took 65.0 MB, without 59.9, with no archive 61.2.
# For the same reason the daemon's list stops before the work a daemon does once in a while (a file, a
# reload, a save, its own stop): those classes load from the jars and the JDK's image when first used, in
# milliseconds, instead of costing every daemon memory for good. At 1,000 instances: 56.0-56.7 MB,
# against 57.7-58.4 with them.
# The network JMX connector is not recorded either: on any free port it opens only at `drover jmx`, and
# RMI's 400 classes then load from the JDK's image.
# Run it when the code changes much: a class missing from a list is only loaded the slow way, from its jar.
#
#   bench/classlist.sh [drover] [droverd] [drover-runtime]    (all three without an argument)
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
WORK="$(mktemp -d /tmp/drover-classlist.XXXXXX)"
export DROVER_HOME="$WORK/home" DROVER_CDS=off
DROVER="$ROOT/drover"
trap '"$DROVER" kill >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
[[ -f "$ROOT/cli/target/drover-cli.jar" && -f "$ROOT/runtime/target/drover-runtime.jar" ]] \
  || (cd "$ROOT" && mvn -B -q -DskipTests package)
targets=("$@")
((${#targets[@]})) || targets=(drover droverd drover-runtime)
wanted() { [[ " ${targets[*]} " == *" $1 "* ]]; }

# writes one list: its target file, what it holds, the classes left out (an extended regular expression),
# the recordings to merge
write() {
  local file=$1 what=$2 without=$3
  shift 3
  {
    echo "# The classes $what loads, for its launcher's class-data-sharing archive."
    echo "# Made by bench/classlist.sh with $(java -version 2>&1 | head -1); do not edit by hand."
    cat "$@" | grep -v '^#' | grep -Ev "$without" | awk '!seen[$0]++'
  } >"$file.new"
  mv "$file.new" "$file"
  echo "$(grep -vc '^#' "$file") entries in ${file#"$ROOT"/}" >&2
}

UNSHARED='com/fasterxml/jackson' # see above
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

n=0
record() { # drover arguments...; its exit code does not matter (errors are representative too)
  n=$((n + 1))
  DROVER_JAVA_OPTS="-XX:DumpLoadedClassList=$WORK/cli.$(printf %03d $n).classlist" "$DROVER" "$@" >/dev/null 2>&1 || true
}
printf 'exec sleep 100000\n' >"$WORK/sleep.sh"
printf 'while :; do echo "tick $SECONDS"; sleep 0.2; done\n' >"$WORK/ticks.sh"
port=$(free_port)
cat >"$WORK/ecosystem.config.json" <<EOF
{"apps": [
  {"name": "web", "script": "$ROOT/examples/hello.py", "instances": 2, "listen": [{"name": "http", "host": "127.0.0.1", "port": $port}]},
  {"name": "ticks", "script": "$WORK/ticks.sh", "env": {"GREETING": "hello"}}
]}
EOF

if wanted drover || wanted droverd; then
  # the daemon records from its start; the CLI's recordings are its commands'
  DROVERD_JAVA_OPTS="-XX:DumpLoadedClassList=$WORK/daemon.classlist" "$DROVER" ping >/dev/null
  "$DROVER" start "$WORK/sleep.sh" --name warm >/dev/null
  "$DROVER" start "$WORK/ticks.sh" --name ticker >/dev/null
  for verb in ls ls jlist ping status; do record "$verb"; done
  record start "$WORK/sleep.sh" --name one -i 2
  record ls
  record stop one
  record restart one
  record scale one 3
  record show one
  record logs ticker --lines 5 --nostream
  record env 0
  record delete one
  record describe nothing-by-that-name
  record ls --help
  record --help
  record --version
  # the daemon's everyday work ends here: its list is what it loaded so far (written a line at a time, so
  # a copy taken now holds every class loaded before it)
  head -n "$(wc -l <"$WORK/daemon.classlist")" "$WORK/daemon.classlist" >"$WORK/daemon.everyday.classlist"
  record save
  # the daemon's part of the work: a file with a cluster on a socket, reload, scale, logs, stop, delete
  record start "$WORK/ecosystem.config.json"
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -s "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
    sleep 0.5
  done
  record jlist
  record show web
  record reload web
  record scale web 3
  record scale web -1
  record restart ticks
  record logs ticks --lines 20 --nostream
  record logs --lines 5 --nostream
  record startOrReload "$WORK/ecosystem.config.json"
  record stop all
  record delete all
  "$DROVER" kill >/dev/null
  if wanted drover; then write "$ROOT/cli/src/main/cds/drover.classlist" "drover's commands" '^$' \
    "$WORK"/cli.0{01..19}.classlist; fi
  if wanted droverd; then
    write "$ROOT/daemon/src/main/cds/droverd.classlist" "droverd" "$UNSHARED" "$WORK/daemon.everyday.classlist"
  fi
fi

if wanted drover-runtime; then
  printf 'echo up\nfor i in 1 2 3; do echo "line $i"; echo "error $i" >&2; done\ntrap "exit 0" INT TERM\nwhile :; do sleep 0.2; done\n' \
    >"$WORK/up.sh"
  runtime=0
  for app in "$WORK/up.sh" "$WORK/ecosystem.config.json"; do
    runtime=$((runtime + 1))
    rm -rf "$DROVER_HOME"
    (cd "$WORK" && DROVER_RUNTIME_JAVA_OPTS="-XX:DumpLoadedClassList=$WORK/runtime.$runtime.classlist" \
      exec "$ROOT/drover-runtime" start "$app" >"$WORK/runtime.out" 2>&1) &
    pid=$!
    for _ in $(seq 1 100); do
      grep -q 'up$\|tick' "$WORK/runtime.out" 2>/dev/null && break
      sleep 0.1
    done
    sleep 2 # the apps' output lines, and the runtime's sampling, run a while
    kill -TERM "$pid"
    wait "$pid" || true
  done
  write "$ROOT/runtime/src/main/cds/drover-runtime.classlist" "drover-runtime" "$UNSHARED" "$WORK"/runtime.{1,2}.classlist
fi
