#!/usr/bin/env python3
"""Hands a pipeline to a running Weft over A2A 1.0 and follows it to its end (standard library only).

    python3 examples/agents/a2a_client.py http://127.0.0.1:8080 examples/hello.yaml name=Ada

It reads the agent card, sends the manifest with SendStreamingMessage, and prints each status
update as the run goes, then the artifacts (the tasks' results). WEFT_TOKEN, when set, is sent as
the bearer token. Exits 0 when the task completed, 1 otherwise.
"""

import json
import os
import sys
import urllib.request
import uuid

TERMINAL = {"TASK_STATE_COMPLETED", "TASK_STATE_FAILED", "TASK_STATE_CANCELED",
            "TASK_STATE_REJECTED"}


def headers(extra):
    token = os.environ.get("WEFT_TOKEN")
    if token:
        extra["Authorization"] = "Bearer " + token
    return extra


def card(base):
    with urllib.request.urlopen(base + "/.well-known/agent-card.json", timeout=30) as response:
        return json.load(response)


def stream(base, message):
    """The results of a SendStreamingMessage, one per Server-Sent Event."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "SendStreamingMessage",
                       "params": {"message": message}}).encode()
    request = urllib.request.Request(base + "/a2a", data=body, method="POST", headers=headers({
        "Content-Type": "application/json", "A2A-Version": "1.0",
        "Accept": "text/event-stream"}))
    with urllib.request.urlopen(request, timeout=300) as response:
        if not response.headers.get("Content-Type", "").startswith("text/event-stream"):
            answer = json.load(response)  # refused before the stream started
            raise SystemExit(f"refused: {answer['error']['message']} {answer['error'].get('data')}")
        data = []
        for raw in response:
            line = raw.decode().rstrip("\r\n")
            if line.startswith("data:"):
                data.append(line[5:].strip())
            elif not line and data:
                answer = json.loads("\n".join(data))
                data = []
                if "error" in answer:
                    raise SystemExit(f"error: {answer['error']['message']}")
                yield answer["result"]


def main(argv):
    if len(argv) < 3:
        raise SystemExit(__doc__)
    base, manifest = argv[1].rstrip("/"), open(argv[2]).read()
    params = dict(a.split("=", 1) for a in argv[3:])
    agent = card(base)
    print(f"agent {agent['name']} {agent['version']}: "
          f"{', '.join(s['id'] for s in agent['skills'])}")
    message = {"messageId": str(uuid.uuid4()), "role": "ROLE_USER",
               "parts": [{"data": {"manifest": manifest, "params": params}}]}
    state, artifacts = None, []
    for result in stream(base, message):
        if "task" in result:
            print(f"task {result['task']['id']}: {result['task']['status']['state']}")
        elif "statusUpdate" in result:
            status = result["statusUpdate"]["status"]
            state = status["state"]
            text = " ".join(p.get("text", "") for p in status.get("message", {}).get("parts", []))
            print(f"  {state} {text}".rstrip())
        elif "artifactUpdate" in result:
            artifacts.append(result["artifactUpdate"]["artifact"])
    for artifact in artifacts:
        parts = [p.get("data", p.get("text")) for p in artifact.get("parts", [])]
        print(f"artifact {artifact.get('name')}: {json.dumps(parts)}")
    return 0 if state == "TASK_STATE_COMPLETED" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
