#!/usr/bin/env bash
# Swarm demo on this machine (root). Part 1: one node — `swarm daemon` running real containers for the real docker
# CLI, surviving a restart of the daemon. Part 2: three Raft store managers as processes surviving a leader kill.
# The multi-node cluster with services through the routing mesh comes when swarm mode and the overlay land.
set -euo pipefail
cd "$(dirname "$0")"
for p in busybox-static docker.io jq curl openssl; do
  dpkg -s "$p" >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$p" >/dev/null; }
done
bash demo/node.sh
bash demo/store-cluster.sh
