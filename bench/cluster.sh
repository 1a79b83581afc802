#!/usr/bin/env bash
# Cluster mode, Drover vs PM2 on this machine, in one run:
#  1. reload under load: 4 instances, 10 consecutive reloads, a loader opening a new connection per
#     request at full speed; failed requests for Drover (python, node with a declared socket, node with
#     none as PM2 users write it) vs PM2 cluster (node) and PM2 fork mode (python, SO_REUSEPORT so its 4
#     instances can share the port at all); then node apps under a keep-alive client (8 connections, as
#     browsers and Node's own agent do), the plain one and one exiting at once on SIGINT;
#  2. throughput of a 2-instance node hello world under wrk: Drover (one kernel socket shared by the
#     instances) vs PM2 cluster mode (Node's round-robin master) vs one bare node process.
#
#   bench/cluster.sh       (installs pm2 7 from npm into bench/.pm2, and wrk with apt-get, on first use)
#
# Not a test: numbers depend on the machine. Run it on an otherwise idle machine.
set -euo pipefail
source "$(dirname "$(readlink -f "$0")")/common.sh"
HERE="$ROOT/bench/cluster"
RELOADS=${RELOADS:-10}
LOADER_THREADS=${LOADER_THREADS:-4}
WRK_SECONDS=${WRK_SECONDS:-10}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
bench_cleanup() { [[ -n "${BARE:-}" ]] && kill "$BARE" 2>/dev/null; }
if ! command -v wrk >/dev/null; then
  echo "installing wrk ..." >&2
  apt-get install -y -qq wrk >/dev/null
fi
echo "pm2 $("$PM2" --version 2>/dev/null | tail -1), $("$DROVER" --version), $(node --version), $(python3 --version)" >&2
cp "$HERE/server.py" "$HERE/server.js" "$HERE/quits.js" "$WORK/"
KEEPALIVE="$ROOT/tests/src/test/resources/node/load.js" # the client the end-to-end tests use

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { # port
  local deadline=$((SECONDS + 30))
  until curl -s -o /dev/null "http://127.0.0.1:$1/"; do
    ((SECONDS < deadline)) || { echo "nothing answers on $1" >&2; return 1; }
    sleep 0.2
  done
}

# reload_under_load label port reload-command... -> "label ok failed seconds"; CLIENT=keepalive for the
# keep-alive client, else a new connection per request
reload_under_load() {
  local label=$1 port=$2; shift 2
  wait_port "$port"
  rm -f "$WORK/stop"
  if [[ ${CLIENT:-} == keepalive ]]; then
    node "$KEEPALIVE" "$port" 8 "$WORK/stop" \
      | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.ok,r.failed)})' \
      > "$WORK/load.out" &
  else
    "$JAVA" "$HERE/Loader.java" "$port" "$LOADER_THREADS" "$WORK/stop" > "$WORK/load.out" &
  fi
  local loader=$! start=$SECONDS
  sleep 2 # the loader's JVM compiles and warms up
  for _ in $(seq 1 "$RELOADS"); do
    "$@" > "$WORK/reload.log" 2>&1 || { echo "$label: reload failed:" >&2; cat "$WORK/reload.log" >&2; }
  done
  sleep 1
  touch "$WORK/stop"; wait "$loader"
  echo "$label $(cat "$WORK/load.out") $((SECONDS - start))"
}

results=()
p=$(free_port)
"$DROVER" start "$WORK/server.py" --name py -i 4 --listen "127.0.0.1:$p" --wait-ready >/dev/null
results+=("$(reload_under_load "drover python (4, sockets)" "$p" "$DROVER" reload py)")
"$DROVER" delete py >/dev/null

p=$(free_port)
PORT=$p "$DROVER" start "$WORK/server.js" --name js -i 4 --listen "$p" >/dev/null
results+=("$(reload_under_load "drover node (4, sockets)" "$p" "$DROVER" reload js)")
"$DROVER" delete js >/dev/null

p=$(free_port)
PORT=$p "$DROVER" start "$WORK/server.js" --name js -i 4 >/dev/null
results+=("$(reload_under_load "drover node (4, no socket)" "$p" "$DROVER" reload js)")
"$DROVER" delete js >/dev/null

p=$(free_port)
PORT=$p "$PM2" start "$WORK/server.js" --name js -i 4 >/dev/null
results+=("$(reload_under_load "pm2 node (4, cluster mode)" "$p" "$PM2" reload js)")
"$PM2" delete js >/dev/null

p=$(free_port)
PORT=$p "$PM2" start "$WORK/server.py" --name py -i 4 --interpreter python3 -x >/dev/null
results+=("$(reload_under_load "pm2 python (4, fork mode)" "$p" "$PM2" reload py)")
"$PM2" delete py >/dev/null

# node apps, no socket declared, under the keep-alive client; then the ones exiting at once on SIGINT
for app in server quits; do
  for manager in drover pm2; do
    p=$(free_port)
    if [[ $manager == drover ]]; then
      PORT=$p "$DROVER" start "$WORK/$app.js" --name js -i 4 >/dev/null
      results+=("$(CLIENT=keepalive reload_under_load "drover $app.js (4, keep-alive)" "$p" "$DROVER" reload js)")
      "$DROVER" delete js >/dev/null
    else
      PORT=$p "$PM2" start "$WORK/$app.js" --name js -i 4 >/dev/null
      results+=("$(CLIENT=keepalive reload_under_load "pm2 $app.js (4, keep-alive)" "$p" "$PM2" reload js)")
      "$PM2" delete js >/dev/null
    fi
  done
done
for manager in drover pm2; do
  p=$(free_port)
  if [[ $manager == drover ]]; then
    PORT=$p "$DROVER" start "$WORK/quits.js" --name js -i 4 >/dev/null
    results+=("$(reload_under_load "drover quits.js (4, new conns)" "$p" "$DROVER" reload js)")
    "$DROVER" delete js >/dev/null
  else
    PORT=$p "$PM2" start "$WORK/quits.js" --name js -i 4 >/dev/null
    results+=("$(reload_under_load "pm2 quits.js (4, new conns)" "$p" "$PM2" reload js)")
    "$PM2" delete js >/dev/null
  fi
done

# --- throughput, 2 node instances under wrk
wrk_rps() { wait_port "$1"; wrk -t1 -c64 -d"${WRK_SECONDS}s" "http://127.0.0.1:$1/" | awk '/Requests\/sec/ {print $2}'; }
p=$(free_port)
PORT=$p "$DROVER" start "$WORK/server.js" --name js -i 2 --listen "$p" >/dev/null
d_rps=$(wrk_rps "$p"); "$DROVER" delete js >/dev/null
p=$(free_port)
PORT=$p "$PM2" start "$WORK/server.js" --name js -i 2 >/dev/null
p_rps=$(wrk_rps "$p"); "$PM2" delete js >/dev/null
p=$(free_port)
PORT=$p node "$WORK/server.js" & BARE=$!
b_rps=$(wrk_rps "$p"); kill "$BARE"; BARE=

echo
echo "Reload under load: $RELOADS consecutive reloads; a new connection per request ($LOADER_THREADS loader threads)"
echo "unless the row says keep-alive (8 kept-alive connections); quits.js exits at once on SIGINT"
printf '| %-34s | %9s | %8s | %7s | %s |\n' "manager, app" "requests" "failed" "seconds" "target"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------" "-----------" "----------" "---------" "--------"
for r in "${results[@]}"; do
  label=${r% * * *}; rest=${r#"$label "}; read -r ok failed secs <<<"$rest"
  target="-"; [[ $label == drover* ]] && { [[ $failed == 0 ]] && target="0: ok" || target="0: MISSED"; }
  printf '| %-34s | %9s | %8s | %7s | %s |\n' "$label" "$((ok + failed))" "$failed" "$secs" "$target"
done
echo
echo "Throughput, node hello world, 2 instances, wrk -t1 -c64 -d${WRK_SECONDS}s"
ratio=$(echo "scale=2; $d_rps / $p_rps" | bc)
verdict=$(echo "$ratio >= 1.0" | bc)
printf '| %-22s | %12s |\n' "setup" "requests/s"
printf '|%s|%s|\n' "------------------------" "--------------"
printf '| %-22s | %12s |\n' "drover (shared socket)" "$d_rps" "pm2 cluster mode" "$p_rps" "one bare node process" "$b_rps"
echo
echo "drover / pm2 = $ratio (target >= 1.0: $([[ $verdict == 1 ]] && echo ok || echo MISSED))"
