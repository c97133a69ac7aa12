"""The JSON-RPC client against a real `weft server` (started with ./weft from the repository)."""

import os
import subprocess
import sys

import pytest

from weft.client import Client, RpcError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.path.join(ROOT, "weft")

HELLO = """weft: 1
name: hello
kind: tasks
params: { who: world }
nodes:
  - { id: greet, type: echo, with: { message: "hello ${params.who}" } }
  - { id: after, type: noop, after: [greet] }
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(LAUNCHER):
        pytest.skip("no ./weft launcher: run from a Weft checkout")
    db = tmp_path_factory.mktemp("server") / "weft.db"
    process = subprocess.Popen([LAUNCHER, "server", "--port", "0", "--db", str(db)],
                               stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # "Weft server on http://127.0.0.1:PORT, ..."
    assert line.startswith("Weft server on "), line
    yield line.split()[3].rstrip(",")
    process.terminate()
    process.wait(timeout=60)


def test_a_submitted_run_is_followed_to_its_end(server):
    weft = Client(server)
    run = weft.submit(manifest=HELLO, params={"who": "Ada"})
    assert run["pipeline"] == "hello"

    done = weft.wait(run["id"], timeout=60)

    assert done["status"] == "succeeded"
    results = {t["node"]: t["result"] for t in done["tasks"]}
    assert results["greet"] == "hello Ada"
    assert run["id"] in [r["id"] for r in weft.runs()["runs"]]


def test_a_runs_events_come_live_and_resume_after_an_id(server):
    weft = Client(server)
    run = weft.submit(manifest=HELLO)
    seen = []
    for event in weft.events(run=run["id"], timeout=60):
        seen.append(event)
        if event["kind"] == "run" and event["status"] == "succeeded":
            break
    assert [e["node_id"] for e in seen if e["kind"] == "task" and e["status"] == "succeeded"] \
        == ["greet", "after"]
    assert all(e["run_id"] == run["id"] for e in seen)
    ids = [e["id"] for e in seen]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)

    # from the middle: exactly what came after, again
    again = []
    for event in weft.events(run=run["id"], after=ids[1], timeout=60):
        again.append(event["id"])
        if event["id"] == ids[-1]:
            break
    assert again == ids[2:]


def test_an_events_stream_needs_a_known_run_filter(server):
    with pytest.raises(RpcError) as bad:
        next(Client(server).events(run="not-a-number", timeout=10))
    assert bad.value.code == -32602


def test_validation_returns_every_problem_with_its_line(server):
    report = Client(server).validate(HELLO.replace("type: echo", "type: ecko")
                                     .replace("[greet]", "[gret]"))
    assert report["valid"] is False
    messages = sorted(p["message"] for p in report["problems"])
    assert any("ecko" in m for m in messages) and any("gret" in m for m in messages)
    assert all(p["line"] > 0 for p in report["problems"])


def test_an_error_names_its_code_and_a_bad_manifest_its_problems(server):
    weft = Client(server)
    with pytest.raises(RpcError) as missing:
        weft.run(999999)
    assert missing.value.code == -32004
    with pytest.raises(RpcError) as invalid:
        weft.submit(manifest="weft: 1\nname: x\nkind: tasks\nnodes: []\n")
    assert invalid.value.code == -32006
    assert "no nodes" in str(invalid.value.data)


def test_a_server_that_is_not_there_is_named():
    with pytest.raises(ConnectionError, match="127.0.0.1:9"):
        Client("http://127.0.0.1:9", timeout=2).runs()


EXAMPLE = os.path.join(ROOT, "examples", "agents", "a2a_client.py")


def test_the_a2a_example_follows_a_pipeline_to_its_end(server, tmp_path):
    result = subprocess.run(
        [sys.executable, EXAMPLE, server, os.path.join(ROOT, "examples", "hello.yaml"), "name=Ada"],
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("agent Weft")
    assert "  TASK_STATE_WORKING greet: succeeded" in lines
    assert lines.index("  TASK_STATE_WORKING greet: succeeded") < lines.index("  TASK_STATE_COMPLETED")
    assert 'artifact shout: ["HELLO, Ada!"]' in lines


def test_the_a2a_example_says_why_a_bad_manifest_is_refused(server, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("weft: 1\nname: bad\nkind: tasks\nnodes:\n  - {id: a, type: ecko}\n")
    result = subprocess.run([sys.executable, EXAMPLE, server, str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "refused" in result.stderr and "ecko" in result.stderr
