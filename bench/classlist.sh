#!/usr/bin/env bash
# Records the classes drover's commands load into cli/src/main/cds/drover.classlist, from which the
# launcher makes its class-data-sharing archive: representative commands (ls and its siblings, start,
# stop, restart, show, logs, save, delete, help and errors) against a throwaway daemon, each with
# -XX:DumpLoadedClassList, merged in order of first appearance. Run it when the CLI's code changes much:
# a class missing from the list is only loaded the slow way, from its jar (bench/cli.sh counts them).
#
#   bench/classlist.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
WORK="$(mktemp -d /tmp/drover-classlist.XXXXXX)"
export DROVER_HOME="$WORK/home" DROVER_CDS=off
DROVER="$ROOT/drover"
trap '"$DROVER" kill >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
[[ -f "$ROOT/cli/target/drover-cli.jar" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)

n=0
record() { # drover arguments...; its exit code does not matter (errors are representative too)
  n=$((n + 1))
  DROVER_JAVA_OPTS="-XX:DumpLoadedClassList=$WORK/$n.classlist" "$DROVER" "$@" >/dev/null 2>&1 || true
}
printf 'exec sleep 100000\n' >"$WORK/sleep.sh"
"$DROVER" ping >/dev/null
"$DROVER" start "$WORK/sleep.sh" --name warm >/dev/null
for verb in ls ls jlist ping status; do record "$verb"; done
record start "$WORK/sleep.sh" --name one -i 2
record ls
record stop one
record restart one
record show one
record logs one --lines 5 --nostream
record env 0
record save
record delete one
record describe nothing-by-that-name
record ls --help
record --help
record --version
{
  echo "# The classes drover's commands load, for the launcher's class-data-sharing archive."
  echo "# Made by bench/classlist.sh with $(java -version 2>&1 | head -1); do not edit by hand."
  cat "$WORK"/*.classlist | grep -v '^#' | awk '!seen[$0]++'
} >"$ROOT/cli/src/main/cds/drover.classlist"
echo "$(grep -vc '^#' "$ROOT/cli/src/main/cds/drover.classlist") entries from $n commands in cli/src/main/cds/drover.classlist" >&2
