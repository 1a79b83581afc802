#!/usr/bin/env bash
# The daemon dies (kill -9) and its boot service brings it back, Drover vs PM2 on this machine:
# a 2-instance node app on one port, a client opening a new connection per request throughout.
#  - PM2: its systemd unit's ExecStart is 'pm2 resurrect', which is run here right after the kill, as
#    systemd would (Restart=on-failure).
#  - Drover: droverd.service as 'drover startup --now' installs it, under a real systemd booted in a
#    throwaway container over an overlay of this machine's root (root only; the recipe of the tests).
# Counted: requests answered, refused, otherwise failed, the longest wait; then, per app, the processes
# that run and how many instances the manager shows online (an orphan runs without being known).
#
#   sudo bench/crash.sh      (installs pm2 7 from npm into bench/.pm2 on first use)
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
[[ $(id -u) == 0 ]] || { echo "crash.sh boots systemd in a container: run it as root" >&2; exit 1; }
command -v systemd-nspawn >/dev/null || apt-get install -y -qq systemd-container >/dev/null
SETTLE=${SETTLE:-5}
cp "$ROOT/bench/cluster/server.js" "$WORK/"
printf 'exec sleep 1001\n' > "$WORK/sleeper.sh"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { local d=$((SECONDS + 30)); until curl -s -o /dev/null "http://127.0.0.1:$1/"; do ((SECONDS < d)) || return 1; sleep 0.2; done; }
clients() { rm -f "$WORK/stop"; python3 "$ROOT/bench/crash/clients.py" "$1" "$WORK/stop" > "$WORK/clients.out" & CLIENTS=$!; }
clients_end() { touch "$WORK/stop"; wait "$CLIENTS"; }

# --- PM2
p=$(free_port)
PORT=$p "$PM2" start "$WORK/server.js" --name web -i 2 >/dev/null
"$PM2" start "$WORK/sleeper.sh" --name idle >/dev/null
"$PM2" save >/dev/null
wait_port "$p"
clients "$p"; sleep 2
kill -9 "$(cat "$PM2_HOME/pm2.pid")"
sleep 0.1 # systemd's default RestartSec
"$PM2" resurrect >/dev/null 2>&1 || true
sleep "$SETTLE"
clients_end; read -r ok refused other longest < "$WORK/clients.out"
procs=$(pgrep -fc "$WORK/server.js" || true)
sleepers=$(pgrep -fc "sleep 1001" || true)
online() { "$PM2" jlist 2>/dev/null | python3 -c 'import json,sys; print(sum(1 for p in json.load(sys.stdin) if p["name"]==sys.argv[1] and p["pm2_env"]["status"]=="online"))' "$1"; }
p_ok=$ok; p_refused=$refused
pm2_row="| pm2 $("$PM2" --version 2>/dev/null | tail -1) | $ok | $refused | $other | $longest | $procs / $(online web) | $sleepers / $(online idle) |"
"$PM2" kill >/dev/null 2>&1 || true
pkill -f "$WORK/server.js" || true # what PM2 left running
pkill -f "sleep 1001" || true

# --- Drover under systemd
SBX="/mnt/drover-bench-$$"
NSPAWN=""
bench_cleanup() {
  [[ -n "$NSPAWN" ]] && { kill -TERM "$NSPAWN" 2>/dev/null; wait "$NSPAWN" 2>/dev/null || true; }
  umount "$SBX/root" 2>/dev/null || true; umount "$SBX" 2>/dev/null || true; rmdir "$SBX" 2>/dev/null || true
  [[ -n "${NSPAWN_RUN:-}" ]] && umount /run/systemd/nspawn 2>/dev/null || true
}
mkdir -p "$SBX" && mount -t tmpfs tmpfs "$SBX" && mkdir -p "$SBX"/{upper,work,root}
mount -t overlay overlay -o "lowerdir=/,upperdir=$SBX/upper,workdir=$SBX/work" "$SBX/root"
mkdir -p /run/systemd/nspawn
mountpoint -q /run/systemd/nspawn || { mount -t tmpfs tmpfs /run/systemd/nspawn; NSPAWN_RUN=1; }
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$SBX/root/etc/machine-id"; echo >> "$SBX/root/etc/machine-id"
systemd-nspawn -D "$SBX/root" --register=no --keep-unit --link-journal=no -M "drover-bench-$$" \
  --bind-ro="$ROOT:/opt/drover" --bind="$WORK:/opt/work" -b --quiet > "$WORK/console.log" 2>&1 < /dev/null &
NSPAWN=$!
for _ in $(seq 300); do
  P1=$(pgrep -P "$NSPAWN" | head -1 || true)
  [[ -n "$P1" ]] && [[ $(nsenter -t "$P1" -a systemctl is-system-running 2>/dev/null) =~ running|degraded ]] && break
  sleep 0.2
done
in_box() { nsenter -t "$P1" -a env -u DROVER_HOME -u PM2_HOME "$@"; } # root's drover works with droverd.service
in_box /opt/drover/drover startup --now >/dev/null
p=$(free_port)
in_box env PORT="$p" /opt/drover/drover start /opt/work/server.js --name web -i 2 --listen "$p" >/dev/null
in_box /opt/drover/drover start /opt/work/sleeper.sh --name idle >/dev/null
in_box /opt/drover/drover save >/dev/null
wait_port "$p"
clients "$p"; sleep 2
in_box kill -9 "$(in_box systemctl show -p MainPID --value droverd)"
sleep "$SETTLE"
clients_end; read -r ok refused other longest < "$WORK/clients.out"
procs=$(in_box pgrep -fc /opt/work/server.js || true)
sleepers=$(in_box pgrep -fc "sleep 1001" || true)
jl=$(in_box /opt/drover/drover jlist)
d_online() { python3 -c 'import json,sys; print(sum(1 for p in json.loads(sys.argv[2]) if p["name"]==sys.argv[1] and p["pm2_env"]["status"]=="online"))' "$1" "$jl"; }
d_ok=$ok; d_refused=$refused
drover_row="| $("$DROVER" --version) | $ok | $refused | $other | $longest | $procs / $(d_online web) | $sleepers / $(d_online idle) |"

echo
echo "kill -9 of the daemon, its boot service brings it back: web (2 node instances on one port, cluster mode)"
echo "under a client, and idle (1 sleeping bash app, fork mode); processes running / online in the manager after"
echo
echo "| manager | requests answered | refused | other failures | longest wait (ms) | web | idle |"
echo "|---|---|---|---|---|---|---|"
echo "$pm2_row"
echo "$drover_row"
echo
ratio() { python3 -c 'import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print("%.2f" % (a/b) if b else "n/a")' "$1" "$2"; }
echo "Drover/PM2: refused $(ratio "$d_refused" "$p_refused") (target 0), requests answered $(ratio "$d_ok" "$p_ok")"
