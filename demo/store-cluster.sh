#!/usr/bin/env bash
# Demo part 2: three store managers as separate processes, talking Raft over mutual TLS. We write to the
# cluster, kill -9 the leader, watch a new leader take over with every acknowledged write intact, then restart
# the killed manager and watch it catch up.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
work=$(mktemp -d /tmp/swarm-demo.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

say "building the store manager"
dotnet build raft-store/Swarm.Store.NodeHost -c Release -nologo -v:quiet -clp:ErrorsOnly
node_dll=$(ls raft-store/Swarm.Store.NodeHost/bin/Release/net10.0/swarm-store-node.dll)

say "minting a root CA and one certificate per manager (ECDSA P-256, OU=swarm-manager)"
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca-key.pem"
openssl req -x509 -new -key "$work/ca-key.pem" -subj "/CN=swarm-demo-ca" -days 1 -out "$work/ca.pem" \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
for i in 1 2 3; do
  d="$work/m$i/certs"; mkdir -p "$d"; cp "$work/ca.pem" "$d/ca.pem"
  openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt -out "$d/node-key.pem"
  openssl req -new -key "$d/node-key.pem" -subj "/OU=swarm-manager/CN=manager-$i" -out "$d/node.csr"
  openssl x509 -req -in "$d/node.csr" -CA "$work/ca.pem" -CAkey "$work/ca-key.pem" -CAcreateserial -days 1 \
    -out "$d/node.pem" -extfile <(printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1\n') 2>/dev/null
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
declare -A raft
api() { local i=$1; shift; curl -sS --max-time 10 --unix-socket "$work/m$i/data/api.sock" "$@"; }
start() {
  local i=$1; shift
  mkdir -p "$work/m$i/data"
  dotnet "$node_dll" --data "$work/m$i/data" --raft "127.0.0.1:${raft[$i]}" --certs "$work/m$i/certs" "$@" \
    2>>"$work/m$i/stderr.log" &
  disown
  pids[$i]=$!
  for _ in $(seq 1 100); do api "$i" http://node/status >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "manager $i did not start:"; cat "$work/m$i/stderr.log"; exit 1
}
status_line() { api "$1" http://node/status | jq -r '"manager '"$1"': leader=\(.leader // "none") isLeader=\(.isLeader) term=\(.term) storeVersion=\(.storeVersion) configs=\(.configCount) members=\(.members|length)"'; }
leader_of() { for i in "$@"; do [ "$(api "$i" http://node/status 2>/dev/null | jq -r .isLeader)" = true ] && { echo "$i"; return; }; done; echo ""; }

for i in 1 2 3; do raft[$i]=$(free_port); done
say "starting manager 1 (bootstraps a one-member cluster), then managers 2 and 3 (added by the leader)"
start 1 --bootstrap
for i in 2 3; do
  start "$i"
  api 1 -X POST -H 'content-type: application/json' -d "{\"address\":\"127.0.0.1:${raft[$i]}\"}" http://node/members >/dev/null
done
# Membership reaches the followers with the next replication round; wait (bounded) until all three see it.
for _ in $(seq 1 50); do
  settled=1
  for i in 1 2 3; do [ "$(api "$i" http://node/status | jq '.members|length')" = 3 ] || settled=0; done
  [ $settled = 1 ] && break; sleep 0.1
done
for i in 1 2 3; do status_line "$i"; done

say "64 concurrent writers on the leader for 3 s, 1 KiB objects, every commit flushed to disk on a majority"
api 1 -X POST -H 'content-type: application/json' -d '{"writers":64,"seconds":3,"size":1024}' http://node/load \
  | jq -r '"committed \(.commits) objects: \(.commitsPerSec|floor) commits/s, p50 \(.p50Ms) ms, p99 \(.p99Ms) ms"'
acked=$(api 1 'http://node/configs?barrier=true' | jq length)
echo "acknowledged writes: $acked"

say "kill -9 the leader (manager 1)"
kill -9 "${pids[1]}"; t0=$(date +%s%N)
new=""
for _ in $(seq 1 200); do new=$(leader_of 2 3); [ -n "$new" ] && break; sleep 0.02; done
[ -n "$new" ] || { echo "no new leader"; exit 1; }
until api "$new" -f -X POST -H 'content-type: application/json' -d '{"name":"written-after-failover","size":16}' http://node/configs >/dev/null 2>&1; do sleep 0.01; done
echo "manager $new leads; first write committed $(( ($(date +%s%N) - t0) / 1000000 )) ms after the kill"
for i in 2 3; do
  n=$(api "$i" 'http://node/configs?barrier=true' | jq length)
  echo "manager $i holds $n objects (expected $((acked + 1)))"; [ "$n" -eq $((acked + 1)) ] || exit 1
done

say "restart manager 1 from its data directory"
start 1
for _ in $(seq 1 100); do
  [ "$(api 1 'http://node/configs?barrier=true' 2>/dev/null | jq length 2>/dev/null || echo 0)" = $((acked + 1)) ] && break; sleep 0.1
done
for i in 1 2 3; do status_line "$i"; done

say "done: leader failover with no acknowledged write lost, and a restarted manager caught up"
