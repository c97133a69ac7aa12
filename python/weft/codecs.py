"""Codecs: how messages of other types than bytes, text and JSON cross to and from Weft.

A codec has a kind (the number in the channel's descriptor, as Java's MessageCodec.kind()), the
Python type it writes, encode(value) giving the bytes-like parts of the message (each copied once,
into the shared file), and decode(view) making the value from a read-only memoryview of the shared
file (valid only during process(): keep views of it, not copies, only that long).

    weft.codec(300, Point, encode=lambda p: [struct.pack("<dd", p.x, p.y)],
               decode=lambda view: Point(*struct.unpack_from("<dd", view)))

Kinds 0-2 are built in, 3-255 are Weft's (3: audio frames, weft.AudioFrame), 256 and up are yours.
"""

from . import _layout as L


class Codec:
    __slots__ = ("kind", "type", "encode", "decode")

    def __init__(self, kind, type_, encode, decode):
        self.kind, self.type, self.encode, self.decode = kind, type_, encode, decode


_by_kind = {}


def codec(kind, type_, encode, decode):
    """Registers a codec for messages of kind (an int above 2) and values of type_."""
    if kind <= L.KIND_JSON:
        raise ValueError(f"kind {kind} is built in (bytes, text, JSON); take {L.FIRST_USER_KIND} or above")
    if kind in _by_kind and _by_kind[kind].type is not type_:
        raise ValueError(f"kind {kind} is taken by the codec of {_by_kind[kind].type.__name__}")
    _by_kind[kind] = Codec(kind, type_, encode, decode)


def for_kind(kind):
    """The codec of kind, or None."""
    return _by_kind.get(kind)


def for_value(value):
    """The codec that writes value, or None."""
    for c in _by_kind.values():
        if isinstance(value, c.type):
            return c
    return None
