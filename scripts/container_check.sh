#!/usr/bin/env bash
# Build the herald image with podman and check it for real: /readyz, the healthcheck, and one
# extraction of the seed article, from the host and from inside the container.
# Loopback only (--network=host); the container is removed at the end, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${HERALD_SHARED:-../shared}
PORT=${HERALD_CHECK_PORT:-18080}
NAME=herald-check-$$
IMAGE=${HERALD_IMAGE:-localhost/herald:check}

eval "$("$SHARED/tools/podman-env.sh")"
build_args=(--format docker --network=host --pull=never --build-arg BASE_IMAGE="$BASE_IMAGE")
if [ -n "${PIP_FIND_LINKS:-}" ] && [ -d "$PIP_FIND_LINKS" ]; then
  build_args+=(-v "$PIP_FIND_LINKS:$PIP_FIND_LINKS:ro" --build-arg PIP_FIND_LINKS="$PIP_FIND_LINKS")
fi
start=$(date +%s)
podman build "${build_args[@]}" -t "$IMAGE" . >/tmp/herald-build.log 2>&1 || { tail -n 40 /tmp/herald-build.log; exit 1; }
echo "container-check: image built in $(( $(date +%s) - start )) s ($(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'))"

cleanup() { podman rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT
# Two workers and a 10 s budget, as scripts/adversarial.py expects (its hostile inputs end by the budget).
podman run -d --network=host --name "$NAME" -e PORT="$PORT" -e WEB_CONCURRENCY=2 \
  -e HERALD_REQUEST_BUDGET_S=10 "$IMAGE" >/dev/null

user=$(podman exec "$NAME" id -u)
[ "$user" != "0" ] || { echo "container-check: the service runs as root"; exit 1; }

for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then break; fi
  sleep 2
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { podman logs "$NAME" | tail -n 40; exit 1; }
echo "container-check: ready after $(( $(date +%s) - start )) s since build start"

podman healthcheck run "$NAME" && echo "container-check: HEALTHCHECK passes"

body=$(curl -fsS --data-binary @seeds/000_213a62ba50b0ddfd.txt -H 'Content-Type: text/plain' \
  "http://127.0.0.1:$PORT/v1/extract")
echo "$body" | python3 -c '
import json, sys
body = json.load(sys.stdin)
names = {e["name"] for e in body["entities"]}
assert {"Emmanuel Macron", "Paris", "NATO"} <= names, sorted(names)
assert body["date"] == "2025-02-17", body["date"]
print("container-check: extraction from the host OK:", len(body["entities"]), "entities,",
      len(body["events"]), "events,", len(body["quotes"]), "quotes")'

podman exec "$NAME" python -c "
import json, os, urllib.request
port = os.environ['PORT']
req = urllib.request.Request(f'http://127.0.0.1:{port}/v1/extract', method='POST',
    data=json.dumps({'text': 'Emmanuel Macron met Olaf Scholz in Paris on Monday.', 'date': '2025-02-17'}).encode(),
    headers={'Content-Type': 'application/json'})
body = json.load(urllib.request.urlopen(req))
assert {'Emmanuel Macron', 'Paris'} <= {e['name'] for e in body['entities']}, body['entities']
print('container-check: extraction from inside the container OK')
"
# The hostile and odd requests of scripts/adversarial.py against the container (its gunicorn
# master is the container's PID 1, seen from the host as State.Pid, for the workers' memory).
master=$(podman inspect "$NAME" --format '{{.State.Pid}}')
"${HERALD_PYTHON:-.venv/bin/python}" -m scripts.adversarial --url "http://127.0.0.1:$PORT" --pid "$master" --budget 10
if podman logs "$NAME" 2>&1 | grep -E 'Traceback|/app/service|/opt/venv' >/dev/null; then
  echo "container-check: the container's logs show a traceback or an internal path"
  podman logs "$NAME" 2>&1 | grep -E -B2 -A8 'Traceback' | head -n 40
  exit 1
fi
echo "container-check: passed"
