import os
import sys

import pytest

try:
    import weft  # installed (pip install ./python), or found from the working directory
except ImportError:  # run from the repository: use the sources
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import weft
# Child processes (the host, the peer) import the same package.
os.environ["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(weft.__file__)))

from weft.channel import Channel  # noqa: E402


@pytest.fixture
def make_channel(tmp_path):
    made = []

    def make(slots=16, data_size=1 << 20, policy=0, name="c"):
        channel = Channel.create(str(tmp_path / f"weft-{os.getpid()}-{len(made)}-{name}.shm"),
                                 slots, data_size, policy)
        made.append(channel)
        return channel

    yield make
    for channel in made:
        channel.close()
