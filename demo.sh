#!/usr/bin/env bash
# Swarm demo on this machine (root). Part 1: one node — `swarm daemon` running real containers for the real docker
# CLI, surviving a restart of the daemon. Part 2: a swarm of three nodes (three daemons on loopback addresses): init,
# join, a replicated service over the nodes, the leader killed and replaced. The routing mesh comes with the overlay.
set -euo pipefail
cd "$(dirname "$0")"
for p in busybox-static docker.io jq curl openssl bc util-linux; do
  dpkg -s "$p" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; }
done
bash demo/node.sh
bash demo/cluster.sh
