"""Compare-and-set on a 64-bit word of the shared file, which Python's standard library lacks.

On x86-64 it runs nine bytes of machine code (mov rax, rsi; lock cmpxchg [rdi], rdx; ret) from an
executable page mapped here, called through ctypes. lock cmpxchg is also a full memory fence, as
Java's VarHandle.compareAndSet is. Elsewhere SUPPORTED is False and the drop-oldest policy, the one
that needs it, is refused.
"""

import ctypes
import ctypes.util
import mmap
import platform

_CODE = bytes([0x48, 0x89, 0xF0, 0xF0, 0x48, 0x0F, 0xB1, 0x17, 0xC3])

SUPPORTED = False
_page = None
_cas = None


def _load():
    global SUPPORTED, _page, _cas
    if platform.machine().lower() not in ("x86_64", "amd64") or platform.system() != "Linux":
        return
    page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE)
    page.write(_CODE)
    address = ctypes.addressof(ctypes.c_char.from_buffer(page))
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    if libc.mprotect(address, mmap.PAGESIZE, mmap.PROT_READ | mmap.PROT_EXEC) != 0:
        return  # the system forbids executable mappings
    _page = page  # kept mapped for as long as the function may be called
    _cas = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)(
        address
    )
    SUPPORTED = True


def compare_and_set(address, expected, new):
    """Sets the int64 at address to new if it holds expected, atomically; True if it did."""
    return _cas(address, expected, new) == expected


_load()
