"""BLAKE2b digests for ids, file digests and cache names, without importing `hashlib`.

`hashlib` loads OpenSSL when imported (paid by every start of the window) for
constructors this app never calls; BLAKE2b itself is CPython's own `_blake2`, which
`hashlib.blake2b` is too.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without it: hashlib finds BLAKE2b elsewhere
    from hashlib import blake2b


def hex_digest(data: bytes, size: int) -> str:
    return blake2b(data, digest_size=size).hexdigest()
