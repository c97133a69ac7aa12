import json
import subprocess
import sys

from weft import _layout as L

def start_host(tmp_path, script, inp=None, out=None, config=None):
    (tmp_path / "node.py").write_text(script)
    spec = {"id": "py", "type": "python", "with": {"script": str(tmp_path / "node.py"), **(config or {})}}
    args = [sys.executable, "-m", "weft.host", "--node", json.dumps(spec)]
    if inp:
        args += ["--in", inp.path]
    if out:
        args += ["--out", out.path]
    return subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=tmp_path)


def protocol_until_ready(host):
    lines = []
    for line in host.stdout:
        lines.append(line.strip())
        if line.strip() == "ready":
            return lines
    return lines


def test_the_host_runs_a_script_over_the_channels_and_exits_0(tmp_path, make_channel):
    inp, out = make_channel(name="in"), make_channel(name="out")
    host = start_host(tmp_path, """
import weft
def setup():
    weft.progress(0.4, "loading model")
    print("stdout of the node goes to stderr")
def process(message):
    if isinstance(message, memoryview):
        return bytes(message[::-1])
    return {"n": message["n"] + 1}
""", inp, out)
    writer, reader = inp.writer(), out.reader()
    assert protocol_until_ready(host)[-2:] == ["progress 0.4 loading model", "ready"]
    writer.send(json.dumps({"n": 41}).encode(), L.KIND_JSON)
    writer.send(b"abc")
    writer.end()
    first = reader.take()
    assert (first.kind, json.loads(bytes(first.data))) == (L.KIND_JSON, {"n": 42})
    reader.release()
    second = reader.take()
    assert (second.kind, bytes(second.data)) == (L.KIND_BYTES, b"cba")
    reader.release()
    assert reader.take() is None
    assert host.wait(timeout=30) == 0
    assert "stdout of the node goes to stderr" in host.stderr.read()


def test_the_host_exits_when_its_parent_goes_away(tmp_path, make_channel):
    inp = make_channel(name="in")
    host = start_host(tmp_path, "def process(message):\n    return None\n", inp)
    assert protocol_until_ready(host)[-1] == "ready"
    host.stdin.close()  # what the kernel does when the parent dies
    assert host.wait(timeout=30) == 3


def test_a_failing_node_exits_1_with_its_traceback(tmp_path, make_channel):
    inp = make_channel(name="in")
    host = start_host(tmp_path, "def process(message):\n    raise KeyError('boom')\n", inp)
    writer = inp.writer()
    assert protocol_until_ready(host)[-1] == "ready"
    writer.send(b"x")
    assert host.wait(timeout=30) == 1
    assert "KeyError: 'boom'" in host.stderr.read()
