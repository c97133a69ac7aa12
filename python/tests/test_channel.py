import ctypes
import os
import subprocess
import sys

import pytest

from weft import _layout as L
from weft.channel import Channel, ChannelError, PeerGone, _Descriptor, _Header

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import peer  # noqa: E402


def test_the_ctypes_structures_sit_at_the_layout_offsets():
    for name in ["magic", "slots", "data_size", "writer_pid", "tail", "message_bell",
                 "writer_ended", "head", "abandoned", "room_bell", "reader_closed",
                 "reader_sleeping", "writer_sleeping"]:
        assert getattr(_Header, name).offset == getattr(L, name.upper()), name
    assert ctypes.sizeof(_Header) == L.HEADER_SIZE
    assert ctypes.sizeof(_Descriptor) == L.DESCRIPTOR_SIZE
    assert _Descriptor.kind.offset == L.D_KIND


def start_writer(channel, count, torn=False):
    args = [sys.executable, os.path.join(HERE, "peer.py"), channel.path, str(count), "7"]
    return subprocess.Popen(args + (["torn"] if torn else []), stdout=subprocess.PIPE, text=True)


def test_messages_from_another_process_arrive_in_order_and_intact(make_channel):
    channel = make_channel(slots=8, data_size=1 << 20)
    writer = start_writer(channel, 500)
    reader = channel.reader()
    for i in range(500):
        message = reader.take()
        assert message is not None, f"ended after {i}"
        assert peer.check(message.data, i) is None
        reader.release()
    assert reader.take() is None
    assert writer.wait(timeout=60) == 0
    assert channel.slots_in_use() == 0


def test_a_writer_killed_mid_message_delivers_every_whole_message_and_not_the_torn_one(
    make_channel,
):
    channel = make_channel()
    writer = start_writer(channel, 10, torn=True)
    assert writer.stdout.readline().strip() == "mid-write"
    writer.kill()
    writer.wait()
    reader = channel.reader()
    for i in range(10):
        message = reader.take()
        assert peer.check(message.data, i) is None
        reader.release()
    with pytest.raises(PeerGone, match="died before ending its stream; 10 messages"):
        reader.take()


def test_bytes_reach_python_as_a_view_of_the_shared_file_and_numpy_does_not_copy(make_channel):
    numpy = pytest.importorskip("numpy")
    import weft

    channel = make_channel()
    writer, reader = channel.writer(), channel.reader()
    writer.send(numpy.arange(1000, dtype=numpy.float32).tobytes())
    message = reader.take()
    d = channel.descriptors[0]
    in_file = ctypes.addressof(channel.header) + channel.data_offset + d.offset % channel.data_size
    array = weft.array(message.data, "float32")
    assert array.__array_interface__["data"][0] == in_file  # the shared file itself, no copy
    assert array[999] == 999.0
    assert message.data.readonly and not array.flags.writeable
    del array
    reader.release()


def test_drop_newest_keeps_the_first_messages_and_counts_the_rest(make_channel):
    channel = make_channel(slots=4, data_size=4096, policy=L.POLICY_DROP_NEWEST)
    writer, reader = channel.writer(), channel.reader()
    sent = [writer.send(bytes([i])) for i in range(10)]
    writer.end()
    assert sent.count(True) == 4 and channel.header.dropped == 6
    got = []
    while (m := reader.take()) is not None:
        got.append(m.data[0])
        reader.release()
    assert got == [0, 1, 2, 3]


def test_payload_bytes_wrap_around_without_splitting_a_message(make_channel):
    channel = make_channel(slots=4, data_size=4096)
    writer, reader = channel.writer(), channel.reader()
    import random

    rng = random.Random(3)
    for i in range(300):
        writer.send(peer.payload(rng, i, rng.randint(12, 1500)))
        message = reader.take()
        assert peer.check(message.data, i) is None
        reader.release()
    assert channel.slots_in_use() == 0


def test_a_message_over_the_payload_area_is_refused_naming_the_limit(make_channel):
    channel = make_channel(data_size=4096)
    with pytest.raises(ChannelError, match="a message of 4,097 bytes does not fit .* 4,096 bytes"):
        channel.writer().loan(4097)


def test_drop_oldest_keeps_the_newest_messages_and_counts_the_rest(make_channel):
    channel = make_channel(slots=4, data_size=4096, policy=L.POLICY_DROP_OLDEST)
    writer, reader = channel.writer(), channel.reader()
    assert all(writer.send(bytes([i])) for i in range(10))
    writer.end()
    got = []
    while (m := reader.take()) is not None:
        got.append(m.data[0])
        reader.release()
    assert got == [6, 7, 8, 9] and channel.header.dropped == 6
    assert channel.slots_in_use() == 0


def test_drop_oldest_never_drops_the_message_the_reader_holds(make_channel):
    channel = make_channel(slots=4, data_size=4096, policy=L.POLICY_DROP_OLDEST)
    writer, reader = channel.writer(), channel.reader()
    writer.send(b"held")
    held = reader.take()
    for i in range(3):
        writer.send(bytes([i]))
    assert writer.loan(1, stop=lambda: True) is None  # full: dropping would free nothing
    assert bytes(held.data) == b"held"
    reader.release()
    assert writer.send(b"x") and channel.header.dropped == 0  # into the released slot
    assert writer.send(b"y") and channel.header.dropped == 1  # the oldest untaken one goes
    got = []
    writer.end()
    while (m := reader.take()) is not None:
        got.append(bytes(m.data))
        reader.release()
    assert got == [b"\x01", b"\x02", b"x", b"y"]


def test_drop_oldest_across_processes_delivers_whole_messages_in_order(make_channel):
    import time
    import zlib

    channel = make_channel(slots=8, data_size=1 << 20, policy=L.POLICY_DROP_OLDEST)
    writer = start_writer(channel, 2000)
    reader = channel.reader()
    got = []
    while (message := reader.take()) is not None:
        data = bytes(message.data)
        reader.release()
        assert int.from_bytes(data[8:12], "little") == zlib.crc32(data[12:]), "torn"
        got.append(int.from_bytes(data[:8], "little"))
        if len(got) < 50:
            time.sleep(0.005)  # fall behind, so that the writer drops
    assert writer.wait(timeout=60) == 0
    assert got == sorted(set(got)) and got[-1] == 1999
    assert channel.header.dropped > 0
    assert len(got) + channel.header.dropped == 2000
    assert channel.slots_in_use() == 0


def test_a_file_that_is_not_a_channel_is_named(tmp_path):
    path = tmp_path / "x.shm"
    path.write_bytes(bytes(4096))
    with pytest.raises(ChannelError, match="is not a Weft channel"):
        Channel.open(str(path))
    with pytest.raises(ChannelError, match="no channel file"):
        Channel.open(str(tmp_path / "missing.shm"))
