"""The user-facing helpers: node registration, progress reports, numpy views."""

import threading

_registry = {}
_protocol = None
_protocol_lock = threading.Lock()


def node(name):
    """Registers a function or class as the node type name: @weft.node("detect")."""

    def register(target):
        _registry[name] = target
        return target

    return register


def registered():
    return dict(_registry)


def _use_protocol(stream):
    global _protocol
    _protocol = stream


def say(line):
    """Writes one protocol line to the pipeline (ready, progress, heartbeat)."""
    if _protocol is None:
        return
    with _protocol_lock:
        _protocol.write(line + "\n")
        _protocol.flush()


def progress(fraction, what=""):
    """Reports progress while setting up (loading a model, say): fraction from 0 to 1. The
    pipeline relays it to its log. Does nothing outside the node host."""
    say(f"progress {float(fraction)} {what}".replace("\n", " ").rstrip())


def array(message, dtype="uint8"):
    """A numpy array viewing the message's bytes in the shared file, without a copy."""
    import numpy  # optional: only this helper needs it

    return numpy.frombuffer(message, dtype=dtype)


