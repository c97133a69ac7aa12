"""The other process of the channel tests: write PATH COUNT SEED [torn]."""

import os
import random
import sys
import time
import zlib

try:
    import weft  # installed (pip install ./python), or found from the working directory
except ImportError:  # run from the repository: use the sources
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import weft
# Child processes (the host, the peer) import the same package.
os.environ["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(weft.__file__)))

from weft.channel import Channel  # noqa: E402


def payload(rng, sequence, size):
    body = rng.randbytes(size - 12)
    return sequence.to_bytes(8, "little") + zlib.crc32(body).to_bytes(4, "little") + body


def check(data, expected):
    data = bytes(data)
    sequence = int.from_bytes(data[:8], "little")
    if sequence != expected:
        return f"expected message {expected}, got {sequence}"
    if int.from_bytes(data[8:12], "little") != zlib.crc32(data[12:]):
        return f"message {expected} is torn"
    return None


def main(path, count, seed, torn=False):
    rng = random.Random(seed)
    writer = Channel.open(path).writer()
    for i in range(count):
        writer.send(payload(rng, i, rng.choice([12, 100, 4096, 70000, 300000])))
    if torn:
        buffer = writer.loan(4096)
        buffer[:2048] = payload(rng, count, 4096)[:2048]
        print("mid-write", flush=True)
        time.sleep(600)
    writer.end()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), len(sys.argv) > 4)
