#!/usr/bin/env python3
"""A Maelstrom node written as users write theirs: it keeps nothing itself and serves the lab's
kv-client (put / get / cas) by calling a Maelstrom key-value service (lin-kv, seq-kv, lww-kv) with
read / write / cas. Usage: kv_proxy_node.py SERVICE [MARKER]; MARKER only tags the process."""
import json
import sys

service = sys.argv[1]
node_id = None
next_id = 0
waiting = {}  # our msg_id -> (client, its msg_id, op)


def send(dest, body):
    sys.stdout.write(json.dumps({"src": node_id, "dest": dest, "body": body}) + "\n")
    sys.stdout.flush()


def answer(client, client_msg_id, body):
    body["in_reply_to"] = client_msg_id
    send(client, body)


for line in sys.stdin:
    msg = json.loads(line)
    body = msg["body"]
    kind = body.get("type")
    if kind == "init":
        node_id = body["node_id"]
        print(f"kv_proxy_node: I am {node_id}, storing in {service}", file=sys.stderr, flush=True)
        send(msg["src"], {"type": "init_ok", "in_reply_to": body["msg_id"]})
    elif kind == "kv":
        next_id += 1
        op = body["op"]
        call = {"msg_id": next_id, "key": body["key"]}
        if op == "get":
            call["type"] = "read"
        elif op == "put":
            call.update(type="write", value=body["value"])
        else:
            call.update(type="cas", to=body["to"], **{"from": body["from"]})
            if body["from"] is None:
                call["create_if_not_exists"] = True
        waiting[next_id] = (msg["src"], body["msg_id"], op)
        send(service, call)
    elif "in_reply_to" in body and body["in_reply_to"] in waiting:
        client, client_msg_id, op = waiting.pop(body["in_reply_to"])
        if kind == "read_ok":
            answer(client, client_msg_id, {"type": "kv_reply", "ok": True, "value": body["value"]})
        elif kind in ("write_ok", "cas_ok"):
            answer(client, client_msg_id, {"type": "kv_reply", "ok": True})
        elif kind == "error" and body["code"] == 20 and op == "get":
            answer(client, client_msg_id, {"type": "kv_reply", "ok": True, "value": None})
        elif kind == "error" and body["code"] in (20, 22) and op == "cas":
            answer(client, client_msg_id, {"type": "kv_reply", "ok": False, "error": "cas_mismatch"})
        else:
            print(f"kv_proxy_node: {service} answered {body}; the client gets no answer", file=sys.stderr, flush=True)
