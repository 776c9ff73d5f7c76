#!/usr/bin/env bash
# Demo part 2: a swarm of three nodes on this machine. Each node is its own `swarm daemon` (own data root, socket,
# cgroup parent and host name) reached at its own loopback address, 127.77.0.1-3, cluster port 2377 and Raft 2378.
# The real docker CLI makes the swarm (init, join as manager, join as worker), runs a replicated service whose
# containers spread over the nodes, then the leader's daemon is killed with SIGKILL: another manager takes over,
# the lost node's tasks are replaced, and the killed node rejoins when it starts again.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOCKER_CLI_HINTS=false

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
work=$(mktemp -d /tmp/swarm-cluster.XXXXXX)
swarm=cli/Swarm.Cli/bin/Release/net10.0/swarm
declare -A pids
addr() { echo "127.77.0.$1"; }
# d N args...: the docker CLI against node N, echoed.
d() { local n=$1; shift; printf '\033[2mnode-%s$ docker %s\033[0m\n' "$n" "$*"; DOCKER_HOST="unix://$work/node-$n/swarm.sock" DOCKER_CONFIG="$work/docker-config" docker "$@"; }
q() { local n=$1; shift; DOCKER_HOST="unix://$work/node-$n/swarm.sock" DOCKER_CONFIG="$work/docker-config" docker "$@"; }

start_node() {
  local n=$1 dir="$work/node-$1"
  mkdir -p "$dir"
  # A UTS namespace of its own gives each node its host name.
  unshare --uts sh -c 'hostname "$0" && exec "$@"' "node-$n" "$swarm" daemon --data-root "$dir/data" --exec-root "$dir/run" \
    -H "unix://$dir/swarm.sock" --cgroup-parent "swarm-demo-$n" >>"$dir/daemon.log" 2>&1 &
  pids[$n]=$!
  for _ in $(seq 1 100); do q "$n" version >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "node-$n did not start:"; cat "$dir/daemon.log"; exit 1
}
cleanup() {
  for n in 1 2 3; do
    [ -S "$work/node-$n/swarm.sock" ] || continue
    q "$n" swarm leave --force >/dev/null 2>&1 || true
    [ -n "${pids[$n]:-}" ] && kill -TERM "${pids[$n]}" 2>/dev/null && wait "${pids[$n]}" 2>/dev/null || true
  done
  for n in 1 2 3; do
    for parent in /sys/fs/cgroup/*/swarm-demo-$n; do [ -d "$parent" ] && find "$parent" -depth -type d -exec rmdir {} \; 2>/dev/null; done
  done
  rm -rf "$work"
}
trap cleanup EXIT

say "building swarm"
dotnet build cli/Swarm.Cli -c Release -nologo -v:quiet -clp:ErrorsOnly

say "three daemons, one per node; each imports the busybox image (there is no registry here)"
mkdir -p "$work/rootfs/bin" "$work/docker-config"
cp /bin/busybox "$work/rootfs/bin/"
for applet in sh echo sleep hostname date; do ln -s busybox "$work/rootfs/bin/$applet"; done
tar -C "$work/rootfs" -cf "$work/busybox.tar" .
for n in 1 2 3; do start_node "$n"; q "$n" import -c 'CMD ["sh"]' "$work/busybox.tar" busybox:demo >/dev/null; done

say "node-1 makes a swarm (a root CA, join tokens, a one-member Raft cluster)"
d 1 swarm init --advertise-addr "$(addr 1)" --listen-addr "$(addr 1):2377" --dispatcher-heartbeat 1s
say "node-2 joins as a manager (certificate from the CA, then Raft membership); node-3 as a worker"
d 2 swarm join --token "$(q 1 swarm join-token -q manager)" --advertise-addr "$(addr 2)" --listen-addr "$(addr 2):2377" "$(addr 1):2377"
d 3 swarm join --token "$(q 1 swarm join-token -q worker)" --advertise-addr "$(addr 3)" --listen-addr "$(addr 3):2377" "$(addr 1):2377"
say "node-3 is promoted: three managers, so the swarm survives losing one"
d 1 node promote node-3
for _ in $(seq 1 100); do q 3 node ls >/dev/null 2>&1 && break; sleep 0.2; done
d 3 node ls

say "a replicated service: six containers spread over the three nodes"
d 1 service create --detach --name ticker --replicas 6 busybox:demo sh -c 'while true; do echo "tick from $(hostname)"; sleep 1; done'
for _ in $(seq 1 150); do [ "$(q 1 service ls --format '{{.Replicas}}')" = "6/6" ] && break; sleep 0.2; done
d 1 service ps ticker
for n in 1 2 3; do d "$n" ps --format '{{.Names}}  {{.Status}}'; done
d 1 service logs --tail 1 ticker

leader=$(q 1 node ls --format '{{.Hostname}} {{.ManagerStatus}}' | awk '$2 == "Leader" { sub("node-", "", $1); print $1 }')
other=$(( leader % 3 + 1 ))
say "SIGKILL the leader's daemon (node-$leader); its containers keep running but it is gone from the swarm"
kill -KILL "${pids[$leader]}"; wait "${pids[$leader]}" 2>/dev/null || true; pids[$leader]=""
start=$(date +%s.%N)
until q "$other" node ls --format '{{.Hostname}} {{.ManagerStatus}}' 2>/dev/null | grep -v "node-$leader" | grep -q Leader; do sleep 0.1; done
printf 'a new leader in %.1f s\n' "$(echo "$(date +%s.%N) - $start" | bc)"
d "$other" node ls
say "node-$leader's tasks are replaced on the others once it misses its heartbeats"
for _ in $(seq 1 200); do
  [ "$(q "$other" service ps ticker --filter desired-state=running --format '{{.Node}}' | grep -vc "node-$leader")" = 6 ] && break; sleep 0.2
done
d "$other" service ps ticker --filter desired-state=running

say "node-$leader starts again and rejoins as a manager; it stops the tasks it no longer has"
start_node "$leader"
for _ in $(seq 1 150); do q "$leader" node ls >/dev/null 2>&1 && [ -z "$(q "$leader" ps -q)" ] && break; sleep 0.2; done
d "$leader" node ls
d "$leader" ps
say "done: a 3-manager swarm of real daemons and containers survived losing its leader"
