"""Weft's shared-memory channels, from Python: the layout of dev.weft.stream.ipc.ShmLayout.

A writer loans a buffer in the shared file, fills it in place and publishes it; a reader takes a
message as a read-only memoryview of the shared file (no copy) and releases it.

Ordering: header fields and descriptors are read and written as aligned 32- and 64-bit words
through ctypes, each one load or store. The protocol needs loads in order and stores in order,
which x86-64 gives by itself; before reading the other side's sleep flag the code makes a futex
system call, which is a full fence. drop-oldest moves the read index from both sides, which needs
compare-and-set: weft._atomic provides it on x86-64 (a lock cmpxchg), and the reader and the writer
use it on drop-oldest channels, as the Java side does.
"""

import ctypes
import mmap
import os

from . import _atomic
from . import _futex
from . import _layout as L

_SPINS = 50
_SLEEP = 0.05  # seconds: a sleeper wakes this often to see whether its peer is still there


class ChannelError(Exception):
    """A channel cannot be used as asked; the message says why and what to do."""


class PeerGone(ChannelError):
    """The process on the other end died before finishing its stream."""


class _Header(ctypes.Structure):
    _fields_ = [
        ("magic", ctypes.c_int32),
        ("version", ctypes.c_int32),
        ("slots", ctypes.c_int32),
        ("policy", ctypes.c_int32),
        ("data_size", ctypes.c_int64),
        ("creator_pid", ctypes.c_int64),
        ("writer_pid", ctypes.c_int64),
        ("reader_pid", ctypes.c_int64),
        ("_line0", ctypes.c_int64 * 2),
        ("tail", ctypes.c_int64),
        ("dropped", ctypes.c_int64),
        ("message_bell", ctypes.c_int32),
        ("writer_ended", ctypes.c_int32),
        ("_line1", ctypes.c_int64 * 5),
        ("head", ctypes.c_int64),
        ("abandoned", ctypes.c_int64),
        ("room_bell", ctypes.c_int32),
        ("reader_closed", ctypes.c_int32),
        ("_line2", ctypes.c_int64 * 5),
        ("reader_sleeping", ctypes.c_int32),
        ("writer_sleeping", ctypes.c_int32),
        ("_line3", ctypes.c_int64 * 7),
    ]


class _Descriptor(ctypes.Structure):
    _fields_ = [
        ("state", ctypes.c_int64),
        ("offset", ctypes.c_int64),
        ("length", ctypes.c_int32),
        ("kind", ctypes.c_int32),
        ("_reserved", ctypes.c_int64),
    ]


def _alive(pid):
    if pid == 0:
        return True  # not attached yet
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Message:
    """A message read in place: kind (0 bytes, 1 text, 2 JSON) and data, a read-only memoryview
    of the shared file, valid until the reader releases it."""

    __slots__ = ("sequence", "kind", "data")

    def __init__(self, sequence, kind, data):
        self.sequence = sequence
        self.kind = kind
        self.data = data


class Channel:
    """One channel file, mapped into this process."""

    def __init__(self, path, fd, mm, owner):
        self.path = path
        self._fd = fd
        self._mm = mm
        self._owner = owner
        self.header = _Header.from_buffer(mm, 0)
        self.slots = self.header.slots
        self.data_size = self.header.data_size
        self.data_offset = L.data_offset(self.slots)
        self.descriptors = (_Descriptor * self.slots).from_buffer(mm, L.HEADER_SIZE)
        self.view = memoryview(mm)
        self._base = ctypes.addressof(self.header)

    @classmethod
    def create(cls, path, slots=64, data_size=32 << 20, policy=L.POLICY_BLOCK):
        """Creates the file path (which must not exist) as a new channel."""
        if slots < 2 or slots & (slots - 1):
            raise ChannelError(f"channel {path}: slots must be a power of two, got {slots}")
        if data_size < L.PAGE or data_size % L.PAGE:
            raise ChannelError(
                f"channel {path}: the payload area must be a multiple of 4096 bytes, got {data_size}"
            )
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
        os.ftruncate(fd, L.file_size(slots, data_size))
        mm = mmap.mmap(fd, L.file_size(slots, data_size))
        h = _Header.from_buffer(mm, 0)
        h.version, h.slots, h.policy = L.VERSION_VALUE, slots, policy
        h.data_size, h.creator_pid = data_size, os.getpid()
        for i, d in enumerate((_Descriptor * slots).from_buffer(mm, L.HEADER_SIZE)):
            d.state = i
        h.magic = L.MAGIC_VALUE
        del h
        return cls(path, fd, mm, True)

    @classmethod
    def open(cls, path):
        """Opens a channel another process created; ChannelError names the file when it is not one."""
        try:
            fd = os.open(path, os.O_RDWR)
        except FileNotFoundError:
            raise ChannelError(f"no channel file {path} (was its creator stopped?)") from None
        size = os.fstat(fd).st_size
        if size < L.HEADER_SIZE:
            os.close(fd)
            raise ChannelError(f"{path} is not a Weft channel: {size} bytes, shorter than its header")
        mm = mmap.mmap(fd, size)
        h = _Header.from_buffer(mm, 0)
        magic, version, slots, data_size = h.magic, h.version, h.slots, h.data_size
        del h
        if magic != L.MAGIC_VALUE:
            raise ChannelError(f"{path} is not a Weft channel (magic {magic:#x})")
        if version != L.VERSION_VALUE:
            raise ChannelError(
                f"{path} is a channel of layout version {version}; this host speaks version "
                f"{L.VERSION_VALUE} (hint: install the weft package of the same Weft release)"
            )
        if slots < 2 or slots & (slots - 1) or L.file_size(slots, data_size) != size:
            raise ChannelError(f"{path} is a damaged channel: {slots} slots, {data_size} bytes")
        return cls(path, fd, mm, False)

    def address(self, offset):
        return self._base + offset

    def state(self, sequence):
        return self.descriptors[sequence & (self.slots - 1)].state

    def descriptor(self, sequence):
        return self.descriptors[sequence & (self.slots - 1)]

    def slots_in_use(self):
        tail = self.header.tail
        return sum(
            1 for s in range(max(0, tail - self.slots), tail) if self.state(s) != s + self.slots
        )

    def reader(self):
        """Attaches this process as the reader."""
        return Reader(self)

    def writer(self):
        """Attaches this process as the writer."""
        return Writer(self)

    def fence(self, offset):
        """A full memory fence: a futex wake on the word at offset (a system call)."""
        _futex.wake(self.address(offset))

    def ring(self, bell):
        """Tells the other side something changed: bumps the bell and wakes its sleeper."""
        field = getattr(_Header, bell)
        word = ctypes.c_int32.from_buffer(self._mm, field.offset)
        word.value = word.value + 1  # each bell has one writer: this side
        _futex.wake(self.address(field.offset))

    def wait(self, ready, bell, flag, stop):
        """Waits until ready(); False when stop() held first."""
        for _ in range(_SPINS):
            if ready():
                return True
        bell_offset = getattr(_Header, bell).offset
        h = self.header
        while True:
            seen = getattr(h, bell)
            setattr(h, flag, 1)
            self.fence(getattr(_Header, flag).offset)
            try:
                if ready():
                    return True
                if stop():
                    return False
                _futex.wait(self.address(bell_offset), seen, _SLEEP)
            finally:
                setattr(h, flag, 0)

    def close(self):
        """Deletes the file when this process created it (the mapping goes with the process)."""
        if self._owner:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass


def _check_policy(channel):
    """Whether the channel drops the oldest message; refuses it where compare-and-set is missing."""
    if channel.header.policy != L.POLICY_DROP_OLDEST:
        return False
    if not _atomic.SUPPORTED:
        raise ChannelError(
            f"{channel.path}: drop-oldest needs compare-and-set, which the Python host has on"
            " x86-64 Linux only (hint: use block or drop-newest on this edge)"
        )
    return True


class Reader:
    """The reading end: take() a message, read it in place, release() it."""

    def __init__(self, channel):
        self._cas = _check_policy(channel)
        self.channel = channel
        h = channel.header
        h.reader_pid = os.getpid()
        h.reader_closed = 0
        self._held = -1
        head = h.head
        if head > 0 and channel.state(head - 1) == head:  # a dead reader held it
            channel.descriptor(head - 1).state = head - 1 + channel.slots
            h.abandoned = h.abandoned + 1
            channel.ring("room_bell")

    def poll(self):
        """The next message if one is published now, else None."""
        if self._held >= 0:
            raise ChannelError("release the message held before taking another")
        c = self.channel
        head = c.header.head
        while True:
            d = c.descriptor(head)
            if d.state != head + 1:
                return None
            if not self._cas:
                c.header.head = head + 1
                break
            if _atomic.compare_and_set(c.address(L.HEAD), head, head + 1):
                break
            head = c.header.head  # the writer dropped it (drop-oldest): try the next one
        self._held = head
        start = c.data_offset + d.offset % c.data_size
        return Message(head, d.kind, c.view[start : start + d.length].toreadonly())

    def _published(self):
        head = self.channel.header.head
        return self.channel.state(head) == head + 1

    def take(self, stop=lambda: False):
        """The next message, waiting for it; None at the end of the stream or when stop() turned
        true. Raises PeerGone when the writer died first (after every published message)."""
        c = self.channel
        h = c.header
        while True:
            message = self.poll()
            if message is not None:
                return message
            if h.writer_ended:
                return self.poll()
            ready = c.wait(
                lambda: self._published() or h.writer_ended,
                "message_bell",
                "reader_sleeping",
                lambda: stop() or not _alive(h.writer_pid),
            )
            if not ready:
                if stop():
                    return None
                message = self.poll()
                if message is not None:
                    return message
                raise PeerGone(
                    f"the writer of channel {os.path.basename(c.path)} (process {h.writer_pid})"
                    f" died before ending its stream; {h.tail} messages had been published"
                )

    def release(self):
        """Gives the held message's slot back to the writer."""
        if self._held < 0:
            raise ChannelError("no message held")
        c = self.channel
        c.descriptor(self._held).state = self._held + c.slots
        self._held = -1
        c.ring("room_bell")


def _align(size):
    return (size + L.ALIGNMENT - 1) // L.ALIGNMENT * L.ALIGNMENT


class Writer:
    """The writing end: loan() a writable memoryview, fill it, publish() it."""

    def __init__(self, channel):
        self._drops_oldest = _check_policy(channel)
        self.channel = channel
        h = channel.header
        h.writer_pid = os.getpid()
        self._tail = h.tail
        self._oldest = max(0, self._tail - channel.slots)
        self._data_tail = 0
        if self._tail > 0:
            last = channel.descriptor(self._tail - 1)
            self._data_tail = last.offset + _align(last.length)
        self._data_head = self._data_tail
        self._loan = -1
        self._loan_size = 0
        self._reclaim()

    def _reclaim(self):
        c = self.channel
        while self._oldest < self._tail and c.state(self._oldest) == self._oldest + c.slots:
            self._oldest += 1
        if self._oldest == self._tail:
            size = c.data_size
            self._data_tail = (self._data_tail + size - 1) // size * size
            self._data_head = self._data_tail
        else:
            self._data_head = c.descriptor(self._oldest).offset

    def _room(self, size):
        c = self.channel
        self._reclaim()
        if c.state(self._tail) != self._tail:
            return -1
        # The slot came free after the reclaim above read the oldest message's state: reclaim again,
        # or the oldest would be left behind once the slot is used for the next message.
        self._reclaim()
        need = _align(size)
        phys = self._data_tail % c.data_size
        start = self._data_tail + (c.data_size - phys) if phys + need > c.data_size else self._data_tail
        return start if start + need - self._data_head <= c.data_size else -1

    def loan(self, size, stop=lambda: False):
        """A writable memoryview of size bytes in the shared file; None when the policy dropped the
        message (drop-newest) or stop() turned true while waiting for room."""
        c = self.channel
        if size > c.data_size:
            raise ChannelError(
                f"a message of {size:,} bytes does not fit channel {os.path.basename(c.path)}, whose"
                f" largest message is {c.data_size:,} bytes (hint: split the message)"
            )
        while True:
            start = self._room(size)
            if start >= 0:
                self._loan, self._loan_size = start, size
                phys = c.data_offset + start % c.data_size
                return c.view[phys : phys + size]
            if c.header.policy == L.POLICY_DROP_NEWEST:
                c.header.dropped = c.header.dropped + 1
                return None
            if self._drops_oldest and self._drop_oldest():
                continue
            if not c.wait(
                lambda: self._room(size) >= 0 or self._dropping_helps(),
                "room_bell",
                "writer_sleeping",
                stop,
            ):
                return None

    def _dropping_helps(self):
        """Dropping frees room only while the oldest held message is still untaken: bytes free
        in order, so while the reader holds the oldest, dropping later ones frees nothing."""
        if not self._drops_oldest:
            return False
        c = self.channel
        head = c.header.head
        return head == self._oldest and head < self._tail and c.state(head) == head + 1

    def _drop_oldest(self):
        if not self._dropping_helps():
            return False
        c = self.channel
        head = self._oldest
        if _atomic.compare_and_set(c.address(L.HEAD), head, head + 1):
            c.descriptor(head).state = head + c.slots
            c.header.dropped = c.header.dropped + 1
        return True  # dropped, or the reader took it meanwhile: look again

    def publish(self, length, kind=L.KIND_BYTES):
        """Publishes the loaned buffer's first length bytes as the next message."""
        if self._loan < 0:
            raise ChannelError("nothing loaned to publish")
        c = self.channel
        d = c.descriptor(self._tail)
        d.offset, d.length, d.kind = self._loan, length, kind
        d.state = self._tail + 1  # visible from here: stores are not reordered on x86-64
        self._tail += 1
        c.header.tail = self._tail
        self._data_tail = self._loan + _align(length)
        self._loan = -1
        c.ring("message_bell")

    def send(self, data, kind=L.KIND_BYTES, stop=lambda: False):
        """Sends bytes-like data as one message (copied once, into the shared file)."""
        return self.send_parts([memoryview(data).cast("B")], kind, stop)

    def send_parts(self, parts, kind, stop=lambda: False):
        """Sends byte memoryviews one after another as one message (each copied once, into the
        shared file)."""
        size = sum(len(p) for p in parts)
        buffer = self.loan(size, stop)
        if buffer is None:
            return False
        at = 0
        for part in parts:
            buffer[at : at + len(part)] = part
            at += len(part)
        self.publish(size, kind)
        return True

    def end(self):
        """Sends the end of the stream."""
        self.channel.header.writer_ended = 1
        self.channel.ring("message_bell")

    def reader_gone(self):
        h = self.channel.header
        return bool(h.reader_closed) or not _alive(h.reader_pid)

