"""The shared-memory channel layout, as dev.weft.stream.ipc.ShmLayout documents it byte by byte.

Keep in step with ShmLayout.java: a Java test (PythonLayoutTest) compares every constant.
"""

MAGIC_VALUE = 0x54464557
VERSION_VALUE = 1

MAGIC = 0
VERSION = 4
SLOTS = 8
POLICY = 12
DATA_SIZE = 16
CREATOR_PID = 24
WRITER_PID = 32
READER_PID = 40

TAIL = 64
DROPPED = 72
MESSAGE_BELL = 80
WRITER_ENDED = 84

HEAD = 128
ABANDONED = 136
ROOM_BELL = 144
READER_CLOSED = 148

READER_SLEEPING = 192
WRITER_SLEEPING = 196

HEADER_SIZE = 256
DESCRIPTOR_SIZE = 32

D_STATE = 0
D_OFFSET = 8
D_LENGTH = 16
D_KIND = 20

ALIGNMENT = 64
PAGE = 4096

POLICY_BLOCK = 0
POLICY_DROP_OLDEST = 1
POLICY_DROP_NEWEST = 2

KIND_BYTES = 0
KIND_TEXT = 1
KIND_JSON = 2
KIND_AUDIO_FRAME = 3
FIRST_USER_KIND = 256


def descriptor(index):
    return HEADER_SIZE + index * DESCRIPTOR_SIZE


def data_offset(slots):
    end = HEADER_SIZE + slots * DESCRIPTOR_SIZE
    return (end + PAGE - 1) // PAGE * PAGE


def file_size(slots, data_size):
    return data_offset(slots) + data_size
