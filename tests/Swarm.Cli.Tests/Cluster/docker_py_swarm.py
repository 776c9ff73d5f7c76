"""docker-py (Debian's python3-docker) driving swarm mode on one daemon; prints what it saw as one JSON line.

usage: docker_py_swarm.py <docker host> <advertise address> <image>
"""
import json
import sys
import time

import docker

host, address, image = sys.argv[1:4]
client = docker.DockerClient(base_url=host)
seen = {}
seen["node_id"] = client.swarm.init(advertise_addr=address, listen_addr=address + ":2377")
client.swarm.reload()
seen["worker_token"] = client.swarm.attrs["JoinTokens"]["Worker"]
seen["nodes"] = len(client.nodes.list())
service = client.services.create(
    image, command=["sleep", "300"], name="web", mode=docker.types.ServiceMode("replicated", replicas=2))


def running():
    return [t for t in service.tasks() if t["Status"]["State"] == "running"]


for _ in range(300):
    if len(running()) == 2:
        break
    time.sleep(0.1)
seen["running_before_scale"] = len(running())
service.reload()
service.scale(3)
for _ in range(300):
    if len(running()) == 3:
        break
    time.sleep(0.1)
seen["running_after_scale"] = len(running())
seen["tasks_after_scale"] = len(service.tasks())  # a scale must not replace the running tasks
seen["services"] = [s.name for s in client.services.list()]
service.remove()
seen["left"] = client.swarm.leave(force=True)
print(json.dumps(seen))
