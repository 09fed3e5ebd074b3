#!/usr/bin/env python3
# A small Maelstrom node in Python for the workload tests, as users write theirs: JSON lines on
# stdin and stdout, its log on stderr. Arguments: WORKLOAD VARIANT [marker].
#   unique-ids  correct: "n1-7"; broken: 7 (two nodes hand out the same ids)
#   broadcast   correct: gossips to its neighbours every 100 ms until each acknowledges;
#               broken: forwards each message once (what a partition drops is forgotten)
import json
import os
import select
import sys
import time

workload, correct = sys.argv[1], sys.argv[2] == "correct"
me, others, neighbours = None, [], []
next_id, generated = 1, 0
messages, known_by = set(), {}


def send(dest, body):
    global next_id
    body["msg_id"] = next_id
    next_id += 1
    sys.stdout.write(json.dumps({"src": me, "dest": dest, "body": body}) + "\n")
    sys.stdout.flush()


def reply(msg, body):
    body["in_reply_to"] = msg["body"]["msg_id"]
    send(msg["src"], body)


def learn(value, sender):
    if value in messages:
        return
    messages.add(value)
    if not correct:
        for peer in neighbours:
            if peer != sender:
                send(peer, {"type": "gossip", "messages": [value]})


def handle(msg):
    global me, others, neighbours, generated
    body = msg["body"]
    kind = body["type"]
    if kind == "init":
        me = body["node_id"]
        others = [n for n in body["node_ids"] if n != me]
        neighbours = list(others)
        print(f"workload_node.py: {workload} {'correct' if correct else 'broken'} as {me}", file=sys.stderr, flush=True)
        reply(msg, {"type": "init_ok"})
    elif kind == "topology":
        neighbours = body["topology"].get(me, [])
        reply(msg, {"type": "topology_ok"})
    elif kind == "generate":
        generated += 1
        reply(msg, {"type": "generate_ok", "id": f"{me}-{generated}" if correct else generated})
    elif kind == "broadcast":
        reply(msg, {"type": "broadcast_ok"})
        learn(body["message"], None)
    elif kind == "read":
        reply(msg, {"type": "read_ok", "messages": sorted(messages)})
    elif kind == "gossip":
        for value in body["messages"]:
            known_by.setdefault(msg["src"], set()).add(value)
            learn(value, msg["src"])
        if correct:
            reply(msg, {"type": "gossip_ok", "messages": body["messages"]})
    elif kind == "gossip_ok":
        known_by.setdefault(msg["src"], set()).update(body["messages"])
    elif "in_reply_to" not in body:
        reply(msg, {"type": "error", "code": 10, "text": "not supported: " + kind})


def gossip():
    for peer in neighbours:
        missing = sorted(messages - known_by.get(peer, set()))
        if missing:
            send(peer, {"type": "gossip", "messages": missing})


buffer = b""
next_tick = time.monotonic()
while True:
    ready, _, _ = select.select([sys.stdin.fileno()], [], [], max(0.0, next_tick - time.monotonic()))
    if ready:
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            handle(json.loads(line))
    if time.monotonic() >= next_tick:
        if correct and me is not None:
            gossip()
        next_tick = time.monotonic() + 0.1
