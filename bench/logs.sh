#!/usr/bin/env bash
# Log throughput, Drover vs PM2 on this machine, in one run: 500 MB of 100-byte lines from `yes | head`
# through the process manager into its log file, for Drover without and with rotation at 10 MB, PM2,
# and `| cat > file` (the limit: one pipe and one file, no manager). Then the same 500 MB from 4 apps
# writing at once (125 MB each). Prints MB/s and ratios.
#
#   bench/logs.sh        (installs pm2 7 from npm into bench/.pm2 on first use)
#
# Not a test: numbers depend on the machine and its disk. Run it on an otherwise idle machine.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
MB=${MB:-500}
LINES=$((MB * 1000 * 1000 / 100))
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $("$DROVER" --version), $MB MB per run" >&2
"$DROVER" ping >/dev/null; "$PM2" ping >/dev/null

LINE=$(printf 'x%.0s' $(seq 1 99))
cat > "$WORK/yes.sh" <<APP
yes '$LINE' | head -n "\$N"
APP

now() { date +%s%N; }
# total bytes of the files matching a glob
bytes() { local t=0 f; for f in $1; do [[ -f $f ]] && t=$((t + $(stat -c %s "$f"))); done; echo "$t"; }
mbps() { echo "scale=1; $1 / ($2 / 1000000000) / 1000000" | bc; }

# run label start-command...; files glob in $GLOB, expected bytes in $EXPECT.
# The clock runs from the first byte in the files (so the start command's own time is left out) to the
# last: done when every byte is there, or when they stop growing for 3 s (a manager that lost some).
# Prints: label MB/s bytes-lost
run() {
  local label=$1; shift
  local s=0 last=0 size=0 grew
  "$@" >/dev/null & # watched while it starts: with 4 apps the first writes before the last starts
  grew=$(now)
  while :; do
    size=$(bytes "$GLOB")
    if ((size != last)); then
      last=$size; grew=$(now)
      ((s == 0)) && s=$grew
    fi
    ((size >= EXPECT)) && break
    (($(now) - grew > 3000000000)) && break
    sleep 0.01
  done
  wait
  echo "$label $(mbps "$size" $((grew - s))) $((EXPECT - size))"
}

results=()
EXPECT=$((LINES * 100))
GLOB="$WORK/limit.log"
s=$(now); N=$LINES bash "$WORK/yes.sh" | cat > "$WORK/limit.log"; limit=$(mbps "$EXPECT" $(($(now) - s)))
results+=("cat-to-file $limit 0")
rm -f "$WORK/limit.log"

GLOB="$WORK/d1/out*.log"
results+=("$(N=$LINES run drover "$DROVER" start "$WORK/yes.sh" --name d1 --no-autorestart -o "$WORK/d1/out.log")")
"$DROVER" delete d1 >/dev/null; rm -rf "$WORK/d1"

GLOB="$WORK/d2/out*.log"
results+=("$(N=$LINES run drover-rotate-10M "$DROVER" start "$WORK/yes.sh" --name d2 --no-autorestart -o "$WORK/d2/out.log" --log-handler rotate:max_size=10M,retain=1000)")
"$DROVER" delete d2 >/dev/null; rm -rf "$WORK/d2"

mkdir -p "$WORK/p1"
GLOB="$WORK/p1/out.log"
results+=("$(N=$LINES run pm2 "$PM2" start "$WORK/yes.sh" --name p1 --no-autorestart -o "$WORK/p1/out.log" -e "$WORK/p1/err.log")")
"$PM2" delete p1 >/dev/null; rm -rf "$WORK/p1"

# 4 apps at once, a quarter each
EXPECT=$((LINES / 4 * 4 * 100))
four() { # manager-label
  local i
  for i in 1 2 3 4; do
    if [[ $1 == drover ]]; then
      N=$((LINES / 4)) "$DROVER" start "$WORK/yes.sh" --name "q$i" --no-autorestart -o "$WORK/q/out$i.log" >/dev/null
    else
      mkdir -p "$WORK/q"
      N=$((LINES / 4)) "$PM2" start "$WORK/yes.sh" --name "q$i" --no-autorestart -o "$WORK/q/out$i.log" -e "$WORK/q/err$i.log" >/dev/null
    fi
  done
}
GLOB="$WORK/q/out*.log"
results+=("$(run drover-4-apps four drover)")
"$DROVER" delete all >/dev/null; rm -rf "$WORK/q"
results+=("$(run pm2-4-apps four pm2)")
"$PM2" delete all >/dev/null; rm -rf "$WORK/q"

echo
echo "Log throughput, $MB MB of 100-byte lines (yes | head), MB/s (higher is better)"
printf '| %-22s | %8s | %12s |\n' "setup" "MB/s" "bytes lost"
printf '|%s|%s|%s|\n' "------------------------" "----------" "--------------"
declare -A r
for x in "${results[@]}"; do
  read -r k v lost <<<"$x"; r[$k]=$v
  printf '| %-22s | %8s | %12s |\n' "$k" "$v" "$lost"
done
ratio() { echo "scale=2; $1 / $2" | bc; }
echo
echo "drover / limit        = $(ratio "${r[drover]}" "${r[cat-to-file]}") (target >= 0.9)"
echo "drover / pm2          = $(ratio "${r[drover]}" "${r[pm2]}") (target >= 1.0)"
echo "rotation cost         = $(echo "scale=3; 1 - ${r[drover-rotate-10M]} / ${r[drover]}" | bc) (target < 0.10)"
echo "4 apps: drover / pm2  = $(ratio "${r[drover-4-apps]}" "${r[pm2-4-apps]}")"
