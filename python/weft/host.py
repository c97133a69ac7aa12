"""The Python node host: python -m weft.host --node JSON [--in FILE] [--out FILE] [--types DIRS].

Started by the pipeline for a node of type python, or of a type registered with @weft.node (found
in the --types folders and entry points, see weft.catalog). It loads the node, sets it up,
says "ready" on standard output, then handles messages until its input ends, ends its output
and exits 0. Standard output carries only the protocol (ready, progress, heartbeat once a
second); print() in the node goes to standard error. When standard input ends (the pipeline is
gone), the host exits at once.
"""

import importlib.util
import inspect
import json
import os
import sys
import threading
import time
import traceback
import types

if __package__ in (None, ""):  # run as a file: make the package importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "weft"

from weft import _layout as L  # noqa: E402
from weft import _nodes  # noqa: E402
from weft import catalog  # noqa: E402
from weft import codecs  # noqa: E402
import weft.audio  # noqa: E402,F401  (registers the audio frame codec)
from weft.channel import Channel  # noqa: E402


def _arguments(argv):
    if argv[:1] == ["--list"]:
        return dict(zip(argv[1::2], argv[2::2]), list=True)
    args = dict(zip(argv[0::2], argv[1::2]))
    if "--node" not in args:
        raise SystemExit(
            "usage: python -m weft.host --node JSON [--in FILE] [--out FILE] [--types DIRS]"
            " | --list [--types DIRS]"
        )
    return args


def _load(spec, types=""):
    """The node's handler: an object with process, and maybe setup, close and run."""
    config = spec.get("with") or {}
    if spec.get("type", "python") != "python":
        registry = catalog.load(types)
        if spec["type"] not in registry:
            raise ValueError(
                f"node {spec['id']}: no Python node type '{spec['type']}'"
                f" (registered: {', '.join(sorted(registry)) or 'none'})"
            )
        return _ready(registry[spec["type"]], config)
    script = config.get("script")
    if not script:
        raise ValueError(f"node {spec['id']}: a python node needs script: under with:")
    if not os.path.isfile(script):
        raise ValueError(f"node {spec['id']}: no script {script}")
    module_spec = importlib.util.spec_from_file_location("weft_node_" + spec["id"], script)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    name = config.get("node")
    registry = _nodes.registered()
    if name is not None:
        if name not in registry:
            raise ValueError(
                f"node {spec['id']}: {script} registers no node '{name}'"
                f" (it registers: {', '.join(sorted(registry)) or 'none'})"
            )
        target = registry[name]
    elif hasattr(module, "process") or hasattr(module, "run"):
        target = module
    elif len(registry) == 1:
        target = next(iter(registry.values()))
    else:
        raise ValueError(
            f"node {spec['id']}: {script} has no process(message) function;"
            " define one, or a class with process, or name one with node: under with:"
        )
    return _ready(target, config)


def _ready(target, config):
    """The handler made from a module, class or function, set up with config."""
    if inspect.isclass(target):
        target = target()
    elif inspect.isfunction(target):
        target = types.SimpleNamespace(process=target)
    if hasattr(target, "setup"):
        _call(target.setup, config)
    return target


def _call(function, config):
    """Calls setup with the node's config when it takes an argument."""
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        parameters = {}
    return function(config) if parameters else function()


def _decode(message):
    if message.kind == L.KIND_TEXT:
        return str(message.data, "utf-8")
    if message.kind == L.KIND_JSON:
        return json.loads(bytes(message.data))
    if message.kind == L.KIND_BYTES:
        return message.data  # the read-only memoryview of the shared file
    codec = codecs.for_kind(message.kind)
    if codec is None:
        raise ValueError(
            f"message {message.sequence} is of kind {message.kind}, for which no codec is"
            " registered (hint: weft.codec(kind, type, encode, decode) in the node's module)"
        )
    return codec.decode(message.data)


def _emit(writer, value):
    if value is None:
        return
    if isinstance(value, types.GeneratorType):
        for item in value:
            _emit(writer, item)
        return
    if writer is None:
        raise ValueError("a sink emits nothing, but process() returned a value")
    codec = codecs.for_value(value)
    if codec is not None:
        writer.send_parts([memoryview(p).cast("B") for p in codec.encode(value)], codec.kind)
    elif isinstance(value, (bytes, bytearray, memoryview)) or hasattr(value, "__array_interface__"):
        writer.send(memoryview(value).cast("B"), L.KIND_BYTES)
    elif isinstance(value, str):
        writer.send(value.encode("utf-8"), L.KIND_TEXT)
    else:
        writer.send(json.dumps(value).encode("utf-8"), L.KIND_JSON)


def _watch_parent():
    try:
        while os.read(0, 4096):
            pass
    except OSError:
        pass
    os._exit(3)


def _heartbeat():
    while True:
        _nodes.say("heartbeat")
        time.sleep(1)


def main(argv=None):
    args = _arguments(sys.argv[1:] if argv is None else argv)
    if args.get("list"):
        out, sys.stdout = sys.stdout, sys.stderr  # what the modules print is not the list
        out.write(json.dumps(catalog.describe(catalog.load(args.get("--types", "")))) + "\n")
        return
    _nodes._use_protocol(sys.stdout)
    sys.stdout = sys.stderr
    threading.Thread(target=_watch_parent, daemon=True).start()
    threading.Thread(target=_heartbeat, daemon=True).start()
    try:
        spec = json.loads(args["--node"])
        reader = Channel.open(args["--in"]).reader() if "--in" in args else None
        writer = Channel.open(args["--out"]).writer() if "--out" in args else None
        handler = _load(spec, args.get("--types", ""))
        _nodes.say("ready")
        if reader is None:
            _emit(writer, handler.run())
        else:
            while True:
                message = reader.take()
                if message is None:
                    break
                try:
                    _emit(writer, handler.process(_decode(message)))
                finally:
                    try:
                        message.data.release()
                    except BufferError:
                        pass  # the node kept a view (a numpy array): it must not use it later
                    reader.release()
        if hasattr(handler, "close"):
            handler.close()
        if writer is not None:
            writer.end()
    except Exception:
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
