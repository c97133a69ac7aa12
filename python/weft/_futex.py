"""Sleeping on a 32-bit word of the shared file and waking its sleeper: Linux futex via ctypes.

Elsewhere a short timed sleep stands in (every sleep has a timeout, so it stays correct).
"""

import ctypes
import ctypes.util
import platform
import time

_FUTEX_WAIT = 0
_FUTEX_WAKE = 1
_SYS_FUTEX = {"x86_64": 202, "amd64": 202, "aarch64": 98}.get(platform.machine().lower())


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


try:
    _libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    _syscall = _libc.syscall
    _syscall.restype = ctypes.c_long
except OSError:  # not Linux
    _syscall = None

IN_KERNEL = _syscall is not None and _SYS_FUTEX is not None and platform.system() == "Linux"


def wait(address, expected, timeout):
    """Sleeps while the int at address holds expected, at most timeout seconds."""
    if not IN_KERNEL:
        time.sleep(min(timeout, 0.001))
        return
    ts = _Timespec(int(timeout), int((timeout % 1) * 1e9))
    _syscall(
        ctypes.c_long(_SYS_FUTEX),
        ctypes.c_void_p(address),
        ctypes.c_long(_FUTEX_WAIT),
        ctypes.c_long(expected),
        ctypes.byref(ts),
    )


def wake(address):
    """Wakes every sleeper on the int at address. The system call is also a full memory fence."""
    if not IN_KERNEL:
        return
    _syscall(
        ctypes.c_long(_SYS_FUTEX),
        ctypes.c_void_p(address),
        ctypes.c_long(_FUTEX_WAKE),
        ctypes.c_long(2**31 - 1),
        ctypes.c_void_p(0),
    )
