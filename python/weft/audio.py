"""Audio frames, as weft-audio's AudioFrame (kind 3, laid out by dev.weft.audio.AudioFrameCodec).

A frame read from a channel holds its samples as a read-only memoryview of the shared file (no
copy), cast to the sample type; frame.array() is a numpy view of the same bytes, shaped
(samples, channels) when interleaved and (channels, samples) when planar. Both are valid only
during process(). A node returns a frame (the samples any bytes-like object or numpy array) to
send one; its samples are copied once, into the shared file.
"""

import struct

from . import _layout as L
from . import codecs

_HEADER = struct.Struct("<iiiiqq")  # rate, channels, format, layout, timestamp ns, sequence
_FORMATS = ("i16", "i32", "f32")
_CODES = {"i16": "h", "i32": "i", "f32": "f"}
_DTYPES = {"i16": "<i2", "i32": "<i4", "f32": "<f4"}
_LAYOUTS = ("interleaved", "planar")


class AudioFrame:
    """sample_rate (Hz), channels, format ('i16', 'i32', 'f32'), samples, timestamp (ns since
    the start of the stream), sequence, layout ('interleaved' or 'planar')."""

    __slots__ = ("sample_rate", "channels", "format", "samples", "timestamp", "sequence", "layout")

    def __init__(self, sample_rate, channels, format, samples, timestamp=0, sequence=0,
                 layout="interleaved"):
        if format not in _FORMATS:
            raise ValueError(f"format must be one of {', '.join(_FORMATS)}, not {format!r}")
        if layout not in _LAYOUTS:
            raise ValueError(f"layout must be interleaved or planar, not {layout!r}")
        self.sample_rate, self.channels, self.format = sample_rate, channels, format
        self.samples, self.timestamp, self.sequence, self.layout = (
            samples, timestamp, sequence, layout)

    def __len__(self):
        """Samples per channel."""
        return memoryview(self.samples).nbytes // (self.channels * int(_DTYPES[self.format][-1]))

    def array(self):
        """The samples as a numpy array viewing the same bytes (no copy)."""
        import numpy

        flat = numpy.frombuffer(self.samples, dtype=_DTYPES[self.format])
        if self.layout == "planar":
            return flat.reshape(self.channels, -1)
        return flat.reshape(-1, self.channels)

    def __repr__(self):
        return (f"AudioFrame(#{self.sequence} at {self.timestamp} ns: {len(self)} x"
                f" {self.channels} ch {self.format} {self.layout} @ {self.sample_rate} Hz)")


def _decode(view):
    rate, channels, fmt, layout, timestamp, sequence = _HEADER.unpack_from(view, 0)
    format_ = _FORMATS[fmt]
    samples = view[_HEADER.size:].cast(_CODES[format_])
    return AudioFrame(rate, channels, format_, samples, timestamp, sequence, _LAYOUTS[layout])


def _encode(frame):
    header = _HEADER.pack(frame.sample_rate, frame.channels, _FORMATS.index(frame.format),
                          _LAYOUTS.index(frame.layout), frame.timestamp, frame.sequence)
    return [header, memoryview(frame.samples).cast("B")]


codecs.codec(L.KIND_AUDIO_FRAME, AudioFrame, _encode, _decode)
