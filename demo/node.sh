#!/usr/bin/env bash
# Demo part 1: one node. `swarm daemon` serves the Docker Engine API on a root-only unix socket and runs real
# containers with our own engine (namespaces, cgroups, overlayfs, one NativeAOT supervisor for all containers).
# The real docker CLI drives it: import an image made from Debian's busybox-static, run, exec on a TTY, logs;
# then the daemon is stopped and started again while a container keeps running, and re-adopts it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '\033[2m$ %s\033[0m\n' "$*"; "$@"; }
work=$(mktemp -d /tmp/swarm-node.XXXXXX)
daemon_pid=""
stop_daemon() { [ -n "$daemon_pid" ] && kill -TERM "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null; daemon_pid=""; }
cleanup() {
  docker rm -f web >/dev/null 2>&1 || true
  stop_daemon || true
  for parent in /sys/fs/cgroup/*/swarm-demo /sys/fs/cgroup/unified/swarm-demo; do rmdir "$parent" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

say "building swarm and the NativeAOT swarm-init"
dotnet build cli/Swarm.Cli -c Release -nologo -v:quiet -clp:ErrorsOnly
dotnet publish worker/Swarm.Engine.Init -c Release -r linux-x64 -o .artifacts/swarm-init -nologo -v:quiet -clp:ErrorsOnly
swarm=cli/Swarm.Cli/bin/Release/net10.0/swarm
export DOCKER_HOST="unix://$work/swarm.sock" DOCKER_CONFIG="$work/docker-config" DOCKER_CLI_HINTS=false

start_daemon() {
  "$swarm" daemon --data-root "$work/data" --exec-root "$work/run" -H "$DOCKER_HOST" --cgroup-parent swarm-demo \
    >>"$work/daemon.log" 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 100); do docker version >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "the daemon did not start:"; cat "$work/daemon.log"; exit 1
}

say "starting swarm daemon on $DOCKER_HOST"
start_daemon
run docker version --format 'server {{.Server.Version}}, Docker Engine API {{.Server.APIVersion}}'
run docker info --format 'swarm: {{.Swarm.LocalNodeState}}, cgroup v{{.CgroupVersion}} ({{.CgroupDriver}}), storage {{.Driver}}'

say "an image from Debian's busybox-static, imported through the API"
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp /bin/busybox "$work/rootfs/bin/"
for applet in sh echo cat sleep hostname id tty ps ls date; do ln -s busybox "$work/rootfs/bin/$applet"; done
echo 'root:x:0:0:root:/root:/bin/sh' > "$work/rootfs/etc/passwd"
tar -C "$work/rootfs" -cf "$work/busybox.tar" .
run docker import -c 'CMD ["sh"]' "$work/busybox.tar" busybox:demo
run docker images

say "containers"
time docker run --rm busybox:demo echo "hello from a container"
run docker run -d --name web busybox:demo sh -c 'while true; do echo "tick $(date +%T)"; sleep 1; done'
sleep 2
run docker ps
run docker exec -t web sh -c 'echo "on $(tty) in $(hostname), processes:"; ps'
run docker logs web
printf '\033[2m$ echo "piped input" | docker run -i --rm busybox:demo sh -c '"'"'read line; echo "the container read: $line"'"'"'\033[0m\n'
echo "piped input" | docker run -i --rm busybox:demo sh -c 'read line; echo "the container read: $line"'

say "stopping the daemon: the container keeps running under the node's supervisor"
stop_daemon
ps -o pid,ppid,args -p "$(pgrep -f 'swarm-init supervise' | head -1)" || true
sleep 2
say "starting the daemon again: it re-adopts the running container (nothing is restarted)"
start_daemon
grep -m1 're-adopted' "$work/daemon.log" || true
run docker ps
run docker logs --tail 3 web
run docker rm -f web
say "done: real containers through the real docker CLI, surviving a daemon restart"
