"""Put a new folder where an old one is in a single step, so that no moment exists without either.

Replacing a folder by renames takes two (old out of the way, new into place), and a process killed between
them leaves no folder at all. Linux's ``renameat2(..., RENAME_EXCHANGE)`` swaps two paths atomically; Python
has no binding for it, so it is called through ``ctypes`` (the standard library's, no new dependency). A
symbolic link flipped with one rename would be atomic everywhere, but it turns the folder users name into a
link, which changes what ``--out`` means and what a copy or an archive of the parent holds; the exchange keeps
a plain folder. Where the call does not exist (not Linux, an old kernel or C library) or the file system
refuses it, :func:`exchange` says so and the caller falls back to two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 1 << 1
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}


def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; False when this system cannot, leaving both as they were."""
    function = _renameat2()
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))
