import struct

import pytest

import weft
from weft import _layout as L
from weft import audio, codecs


def through_a_channel(make_channel, value):
    """value written by the host's codecs into a channel and read back in place."""
    from weft.host import _decode, _emit

    channel = make_channel()
    writer, reader = channel.writer(), channel.reader()
    _emit(writer, value)
    message = reader.poll()
    return channel, message, _decode(message)


def test_an_audio_frame_is_read_in_place_in_the_shared_file(make_channel):
    samples = struct.pack("<6h", 1, -1, 2, -2, 3, -3)
    frame = weft.AudioFrame(16000, 2, "i16", samples, timestamp=20_000_000, sequence=7)

    channel, message, read = through_a_channel(make_channel, frame)

    assert message.kind == L.KIND_AUDIO_FRAME
    assert (read.sample_rate, read.channels, read.format, read.layout) == (
        16000, 2, "i16", "interleaved")
    assert (read.timestamp, read.sequence, len(read)) == (20_000_000, 7, 3)
    assert list(read.samples) == [1, -1, 2, -2, 3, -3]
    assert read.samples.obj is channel._mm  # a view of the mapped file, not a copy


def test_the_numpy_view_of_a_frame_shares_the_shared_file(make_channel):
    numpy = pytest.importorskip("numpy")
    frame = weft.AudioFrame(8000, 1, "f32", numpy.array([0.5, -0.25], dtype="<f4"))

    channel, _, read = through_a_channel(make_channel, frame)

    view = read.array()
    assert view.shape == (2, 1)
    assert view[:, 0].tolist() == [0.5, -0.25]
    assert numpy.shares_memory(view, numpy.frombuffer(channel._mm, dtype=numpy.uint8))


def test_a_user_codec_round_trips_its_type(make_channel):
    class Pair:
        def __init__(self, a, b):
            self.a, self.b = a, b

    weft.codec(L.FIRST_USER_KIND + 1, Pair, lambda p: [struct.pack("<qq", p.a, p.b)],
               lambda view: Pair(*struct.unpack_from("<qq", view)))

    _, message, read = through_a_channel(make_channel, Pair(3, -4))

    assert message.kind == L.FIRST_USER_KIND + 1
    assert (read.a, read.b) == (3, -4)


def test_built_in_kinds_cannot_be_taken():
    with pytest.raises(ValueError, match="kind 2 is built in"):
        codecs.codec(2, object, None, None)
    with pytest.raises(ValueError, match="kind 3 is taken by the codec of AudioFrame"):
        codecs.codec(3, dict, None, None)
    assert audio.AudioFrame is weft.AudioFrame
