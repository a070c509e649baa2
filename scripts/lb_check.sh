#!/usr/bin/env bash
# nginx (deploy/nginx/herald.conf) in front of two herald instances, checked for real, loopback only:
#   1. start 2 instances (`python -m service serve`, 1 gunicorn worker each: 2 cores) and nginx;
#   2. quick proxy checks: X-Request-ID passed through / generated, 413 as problem+json; an NDJSON
#      stream over 1 MB passes, its records arriving chunk by chunk; one over 50 MB (declared or
#      chunked) is a 413 problem;
#   3. bounded load test (scripts/lb_load.py load: LB_REQUESTS=2000 at LB_CONCURRENCY=8); once 25 % is
#      done, instance 1 is SIGKILLed (master and worker: the whole process group) and restarted;
#      every client request must still succeed (nginx retries on the other instance);
#   4. slow clients: 16 connections dribbling requests byte by byte must not delay a normal request
#      (nginx buffers them; the same against gunicorn directly is shown for comparison);
#   5. with every instance down, nginx answers 502 as problem+json (a request and a 1.1 MB stream).
# Prints a summary; exits non-zero on any failed request or check.  Everything is removed on exit
# (LB_KEEP=1 keeps the temp dir with the logs).  Run from anywhere: bash scripts/lb_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REQUESTS=${LB_REQUESTS:-2000}
CONCURRENCY=${LB_CONCURRENCY:-8}
INSTANCES=${LB_INSTANCES:-2}
# One gunicorn thread per instance (GUNICORN_THREADS, default 8 in gunicorn.conf.py).  Behind nginx a
# second thread buys nothing (nginx buffers slow clients, model work is serialised by a lock).
# A crash between a response's headers and its body would truncate it beyond nginx's reach (the
# client has the headers); herald's worker sends both in one write (service.worker.OneWriteResponse)
# since a CI run failed this check with nginx logging "upstream prematurely closed connection while
# reading upstream" at the kill: headers in, body not (gunicorn wrote them in two calls).
THREADS=${LB_THREADS:-1}
READY_TIMEOUT=180
if [ -x .venv/bin/python ]; then PY=$ROOT/.venv/bin/python; else PY=$(command -v python3); fi
script_start=$(date +%s.%N)
log() { echo "lb-check: $*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# ---- nginx ------------------------------------------------------------------------------------
if ! command -v nginx >/dev/null 2>&1 && [ -x /usr/sbin/nginx ]; then PATH=$PATH:/usr/sbin; fi
if ! command -v nginx >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    log "installing nginx (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq nginx >/dev/null 2>&1 || {
      apt-get update -qq >/dev/null 2>&1
      apt-get install -y -qq nginx >/dev/null
    }
    # The package may start a system nginx on port 80 (where services are started); not needed here.
    if [ -s /run/nginx.pid ]; then kill -QUIT "$(cat /run/nginx.pid)" 2>/dev/null || true; fi
    PATH=$PATH:/usr/sbin
  else
    log "nginx is not installed and this is not root: apt-get install nginx first"; exit 1
  fi
fi
command -v nginx >/dev/null || { log "nginx still missing"; exit 1; }

# ---- temp prefix and cleanup -------------------------------------------------------------------
PREFIX=$(mktemp -d /tmp/herald-lb.XXXXXX)
chmod 755 "$PREFIX"  # nginx workers (user nobody when run as root) must reach temp/
mkdir -p "$PREFIX/logs" "$PREFIX/temp"
declare -a PORTS PIDS
NGINX_PID=""
LOAD_PID=""
status=1

stop_instance() {  # SIGTERM the instance's process group, SIGKILL whatever is left after 10 s
  local pid=${PIDS[$1]:-}
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  PIDS[$1]=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$LOAD_PID" ] || kill "$LOAD_PID" 2>/dev/null || true
  if [ -n "$NGINX_PID" ]; then kill -QUIT "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true; fi
  for i in "${!PIDS[@]}"; do stop_instance "$i"; done
  if [ "$rc" != 0 ] || [ "$status" != 0 ]; then
    for f in "$PREFIX"/instance*.log "$PREFIX/logs/error.log"; do
      [ -s "$f" ] && { echo "---- last lines of $(basename "$f")"; tail -n 15 "$f"; }
    done
  fi
  if [ "${LB_KEEP:-0}" = 1 ]; then log "logs kept in $PREFIX"; else rm -rf "$PREFIX"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_ports() {  # N distinct free loopback ports (bound together, so they differ)
  "$PY" - "$1" <<'EOF'
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

start_instance() {  # own session/process group (setsid, no fork: pid == pgid) so one kill reaches all
  local i=$1
  HOST=127.0.0.1 PORT=${PORTS[$i]} WEB_CONCURRENCY=1 GUNICORN_THREADS=$THREADS \
    setsid "$PY" -m service serve >>"$PREFIX/instance$i.log" 2>&1 &
  PIDS[$i]=$!
}

wait_ready() {  # wait_ready URL SECONDS -> 0 once /readyz answers 200
  local deadline=$(( $(date +%s) + $2 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    curl -fsS -o /dev/null --max-time 5 "$1/readyz" 2>/dev/null && return 0
    sleep 0.25
  done
  return 1
}

read -r -a all_ports <<<"$(free_ports $((INSTANCES + 1)))"
NGINX_PORT=${all_ports[$INSTANCES]}
for i in $(seq 0 $((INSTANCES - 1))); do PORTS[$i]=${all_ports[$i]}; done

t0=$(now)
for i in "${!PORTS[@]}"; do start_instance "$i"; done
for i in "${!PORTS[@]}"; do
  wait_ready "http://127.0.0.1:${PORTS[$i]}" "$READY_TIMEOUT" || { log "instance $i never became ready"; exit 1; }
done
log "$INSTANCES instances ready on ports ${PORTS[*]} after $(elapsed "$t0" "$(now)") s"

# ---- nginx config from the template -----------------------------------------------------------
upstreams=""
for port in "${PORTS[@]}"; do
  upstreams+="        server 127.0.0.1:$port max_fails=2 fail_timeout=5s;"$'\n'
done
awk -v prefix="$PREFIX" -v listen="127.0.0.1:$NGINX_PORT" -v servers="$upstreams" '
  /^[[:space:]]*@UPSTREAMS@[[:space:]]*$/ { printf "%s", servers; next }
  { gsub(/@PREFIX@/, prefix); gsub(/@LISTEN@/, listen); print }
' deploy/nginx/herald.conf >"$PREFIX/nginx.conf"
NGINX=(nginx -p "$PREFIX" -c "$PREFIX/nginx.conf" -e "$PREFIX/logs/error.log")
"${NGINX[@]}" -t -q
"${NGINX[@]}" -g 'daemon off;' &
NGINX_PID=$!
BASE=http://127.0.0.1:$NGINX_PORT
wait_ready "$BASE" 10 || { log "nginx does not answer on $BASE"; exit 1; }
log "nginx $(nginx -v 2>&1 | sed 's|.*/||') on $BASE"

failures=()
check() { if eval "$2"; then log "ok: $1"; else log "FAILED: $1"; failures+=("$1"); fi; }

# ---- quick proxy checks -------------------------------------------------------------------------
payload='{"text": "Emmanuel Macron met Olaf Scholz in Paris on Monday.", "date": "2025-02-17"}'
hdrs=$(curl -sS -D - -o /dev/null -H 'Content-Type: application/json' -H 'X-Request-ID: lb-check-1' \
  --data "$payload" "$BASE/v1/extract" | tr -d '\r')
check "X-Request-ID from the client is passed through" 'grep -qix "x-request-id: lb-check-1" <<<"$hdrs"'
hdrs=$(curl -sS -D - -o /dev/null -H 'Content-Type: application/json' --data "$payload" "$BASE/v1/extract" | tr -d '\r')
gen_id=$(sed -n 's/^[Xx]-[Rr]equest-[Ii][Dd]: //p' <<<"$hdrs")
sleep 0.3  # let nginx write the access log line
check "X-Request-ID generated by nginx when absent ($gen_id)" '[[ "$gen_id" =~ ^[0-9a-f]{32}$ ]] && grep -q "\"request_id\":\"$gen_id\"" "$PREFIX/logs/access.log"'
head -c 1000001 /dev/zero | tr '\0' 'a' >"$PREFIX/big.txt"
big=$(curl -sS -D - -H 'Content-Type: text/plain' -H 'Expect:' --data-binary @"$PREFIX/big.txt" "$BASE/v1/extract" | tr -d '\r')
check "body over 1,000,000 bytes: 413 application/problem+json from nginx" \
  'grep -q "^HTTP/1.1 413" <<<"$big" && grep -qi "^content-type: application/problem+json" <<<"$big" && grep -q "\"status\":413" <<<"$big"'
# Streams have their own location: 50 MB (HERALD_MAX_STREAM_BYTES), records passed on as made.
stream_out=$("$PY" scripts/lb_load.py stream --url "$BASE" 2>&1) && stream_rc=0 || stream_rc=$?
log "stream: $stream_out"
check "stream over 1 MB: every record, in order, the first ones before the last chunk is done" '[ "$stream_rc" = 0 ]'
rm -f "$PREFIX/big.txt"; head -c 50000001 /dev/zero | tr '\0' '\n' >"$PREFIX/big.txt"
big=$(curl -sS -D - -H 'Content-Type: application/x-ndjson' -H 'Expect:' --data-binary @"$PREFIX/big.txt" \
  "$BASE/v1/extract/stream" | tr -d '\r')
check "stream over 50,000,000 bytes: 413 application/problem+json from nginx" \
  'grep -q "^HTTP/1.1 413" <<<"$big" && grep -qi "^content-type: application/problem+json" <<<"$big" && grep -q "limit of 50000000 bytes" <<<"$big"'
big=$(curl -sS -D - -H 'Content-Type: application/x-ndjson' -H 'Transfer-Encoding: chunked' -H 'Expect:' \
  --data-binary @"$PREFIX/big.txt" "$BASE/v1/extract/stream" 2>/dev/null | tr -d '\r' || true)
rm -f "$PREFIX/big.txt"
check "chunked stream past 50,000,000 bytes: 413 application/problem+json from nginx" \
  'grep -q "^HTTP/1.1 413" <<<"$big" && grep -qi "^content-type: application/problem+json" <<<"$big"'

# ---- load test with one instance killed and restarted ------------------------------------------
lines_before=$(wc -l <"$PREFIX/logs/access.log")
log "load: $REQUESTS requests at concurrency $CONCURRENCY; instance 0 (port ${PORTS[0]}) is killed at 25 %"
load_start=$(now)
"$PY" scripts/lb_load.py load --url "$BASE" -n "$REQUESTS" -c "$CONCURRENCY" \
  --progress-fraction 0.25 --progress-file "$PREFIX/progress" --json-out "$PREFIX/load.json" \
  >"$PREFIX/load.out" 2>"$PREFIX/load.err" &
LOAD_PID=$!
while [ ! -e "$PREFIX/progress" ] && kill -0 "$LOAD_PID" 2>/dev/null; do sleep 0.1; done
restart_s="n/a"; load_after_ready_s=0; served_after_restart=0; lines_at_ready=""
if [ -e "$PREFIX/progress" ]; then
  victim=${PIDS[0]}
  t_kill=$(now)
  kill -KILL -- "-$victim"  # master and worker at once: a crash, not a graceful stop
  wait "$victim" 2>/dev/null || true
  log "killed instance 0 (process group $victim) after $(elapsed "$load_start" "$t_kill") s of load"
  start_instance 0
  if wait_ready "http://127.0.0.1:${PORTS[0]}" "$READY_TIMEOUT"; then
    t_ready=$(now)
    restart_s=$(elapsed "$t_kill" "$t_ready")
    lines_at_ready=$(wc -l <"$PREFIX/logs/access.log")
    log "instance 0 restarted and ready again ${restart_s} s after the kill"
  else
    failures+=("instance 0 did not become ready again within $READY_TIMEOUT s")
  fi
else
  failures+=("load test ended before the 25 % mark")
fi
load_rc=0
wait "$LOAD_PID" || load_rc=$?
LOAD_PID=""
load_end=$(now)
cat "$PREFIX/load.out"
[ ! -s "$PREFIX/load.err" ] || { head -n 10 "$PREFIX/load.err"; }
check "load test: every client request succeeded" '[ "$load_rc" = 0 ]'

# Retries seen by nginx: requests whose upstream_addr lists more than one attempt.
tail -n +"$((lines_before + 1))" "$PREFIX/logs/access.log" >"$PREFIX/load_access.log"
retried=$(grep -c '"upstream_addr":"[^"]*, ' "$PREFIX/load_access.log" || true)
upstream_errors=$(grep -c '"upstream_status":"[^"]*50[234]' "$PREFIX/load_access.log" || true)
if [ -n "$lines_at_ready" ]; then
  load_after_ready_s=$(elapsed "$t_ready" "$load_end")
  served_after_restart=$(tail -n +"$((lines_at_ready + 1))" "$PREFIX/logs/access.log" \
    | grep -c "\"upstream_addr\":\"127.0.0.1:${PORTS[0]}\",\"upstream_status\":\"200\"" || true)
  # The restarted instance must take traffic again (if the load ran on long enough to see it).
  if awk -v s="$load_after_ready_s" 'BEGIN { exit !(s >= 10) }'; then
    check "restarted instance serves requests again ($served_after_restart in the last $load_after_ready_s s)" \
      '[ "$served_after_restart" -gt 0 ]'
  fi
fi

# ---- slow clients --------------------------------------------------------------------------------
log "slow clients: 16 connections dribbling requests over 8 s through nginx, 5 normal requests meanwhile"
slow_rc=0
"$PY" scripts/lb_load.py slow --url "$BASE" --clients 16 --duration 8 --probes 5 --probe-timeout 3 \
  --expect-slow-ok --json-out "$PREFIX/slow.json" || slow_rc=$?
check "slow clients through nginx do not hold the workers" '[ "$slow_rc" = 0 ]'
log "for comparison, 4 slow clients straight at gunicorn (port ${PORTS[1]}, $THREADS thread(s)), 1 normal request:"
"$PY" scripts/lb_load.py slow --url "http://127.0.0.1:${PORTS[1]}" --clients 4 --duration 6 --probes 1 \
  --probe-timeout 3 --json-out "$PREFIX/slow_direct.json" >"$PREFIX/slow_direct.out" 2>&1 || true
head -n 1 "$PREFIX/slow_direct.out"

# ---- every instance down: nginx's own 502 ------------------------------------------------------------
for i in "${!PIDS[@]}"; do stop_instance "$i"; done
down=$(curl -sS -D - -H 'Content-Type: application/json' --data "$payload" "$BASE/v1/extract" | tr -d '\r')
check "no instance left: 502 application/problem+json with X-Request-ID from nginx" \
  'grep -q "^HTTP/1.1 502" <<<"$down" && grep -qi "^content-type: application/problem+json" <<<"$down" && grep -qi "^x-request-id: " <<<"$down"'
# The same for a stream over 1 MB (the error page must not re-check the body against 1 MB).
"$PY" -c 'import sys; from scripts.lb_load import stream_body; sys.stdout.buffer.write(stream_body(1_100_000)[0])' \
  >"$PREFIX/stream.ndjson"
down=$(curl -sS -D - -H 'Content-Type: application/x-ndjson' -H 'Expect:' --data-binary @"$PREFIX/stream.ndjson" \
  "$BASE/v1/extract/stream" | tr -d '\r')
check "no instance left, stream over 1 MB: 502 application/problem+json from nginx" \
  'grep -q "^HTTP/1.1 502" <<<"$down" && grep -qi "^content-type: application/problem+json" <<<"$down"'

# ---- summary ----------------------------------------------------------------------------------------
"$PY" - "$PREFIX/load.json" "$PREFIX/slow.json" "$retried" "$upstream_errors" "$restart_s" \
  "$served_after_restart" "$(elapsed "$script_start" "$(now)")" <<'EOF'
import json, sys
def read(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}
load, slow = read(sys.argv[1]), read(sys.argv[2])
lat = load.get("latency_ms", {})
print("\n## nginx + 2 herald instances, one killed and restarted mid-load\n")
print("| measure | value |\n|---|---|")
rows = [
    ("requests / concurrency", f"{load.get('requests')} / {load.get('concurrency')}"),
    ("failed client requests", load.get("failed")),
    ("status codes", load.get("statuses")),
    ("requests retried by nginx (upstream_addr lists 2 instances)", sys.argv[3]),
    ("upstream attempts answered 502/503/504", sys.argv[4]),
    ("latency p50 / p95 / p99 / max (ms)", f"{lat.get('p50')} / {lat.get('p95')} / {lat.get('p99')} / {lat.get('max')}"),
    ("throughput (req/s)", load.get("req_per_s")),
    ("killed instance ready again after (s)", sys.argv[5]),
    ("requests served by it after restart", sys.argv[6]),
    ("slow clients: probes ok, slowest probe (s)",
     f"{slow.get('probes_ok')}/{slow.get('probes')}, {slow.get('probe_max_s')} (16 slow clients, all answered: "
     f"{slow.get('slow_client_statuses')})"),
    ("script wall time so far (s)", sys.argv[7]),
]
for name, value in rows:
    print(f"| {name} | {value} |")
EOF

if [ "${#failures[@]}" -gt 0 ]; then
  log "FAILED checks:"; printf '  - %s\n' "${failures[@]}"
  exit 1
fi
status=0
log "passed"
