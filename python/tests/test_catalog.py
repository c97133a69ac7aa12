import json
import subprocess
import sys


def list_types(*args):
    done = subprocess.run([sys.executable, "-m", "weft.host", "--list", *args],
                          capture_output=True, text=True)
    return done


def test_list_names_the_types_registered_in_the_folders_modules(tmp_path):
    (tmp_path / "nodes.py").write_text('''
import weft
print("imported")  # what a module prints is not the list

@weft.node("scale")
class Scale:
    """Multiplies n by a factor.

    More text."""
    def process(self, m):
        return m

@weft.node("noop")
def noop(m):
    return m
''')
    (tmp_path / "_private.py").write_text("raise RuntimeError('not imported')")

    done = list_types("--types", str(tmp_path))

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"name": "noop", "description": ""},
        {"name": "scale", "description": "Multiplies n by a factor."},
    ]
    assert "imported" in done.stderr


def test_a_missing_folder_fails_with_its_name(tmp_path):
    done = list_types("--types", str(tmp_path / "nope"))

    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        f"ValueError: no folder {tmp_path / 'nope'} of Python node types")
