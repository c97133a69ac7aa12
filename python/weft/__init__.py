"""Weft for Python: write stream nodes that run in their own process over shared memory.

A node is a script with a process(message) function (or a class with setup/process/close, or
one registered with @weft.node("name")), run by a manifest node of type python:

    - { id: score, type: python, after: [frames], with: { script: score.py } }

process() gets each message: bytes as a read-only memoryview of the shared file (no copy; use
weft.array(message, "float32") for a numpy view, also without a copy), text as str, JSON as its
value, an audio frame as weft.AudioFrame (its samples a view too), another kind by the codec
registered for it with weft.codec. It returns the output message (None for none), or yields
several.
"""

from ._nodes import array, node, progress
from .audio import AudioFrame
from .codecs import codec

__all__ = ["AudioFrame", "array", "codec", "node", "progress"]
__version__ = "0.1.0"
