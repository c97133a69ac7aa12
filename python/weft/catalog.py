"""Python node types by name, for runtime: python (and auto, when Java has no such type).

A type is a class or function registered with @weft.node("name") in a module of one of the
directories Weft is given (os.pathsep-separated; Weft passes the system property
weft.python.types or the WEFT_PYTHON_TYPES environment variable), or named by an installed
package's "weft.nodes" entry point (name = "module:attribute").

    python -m weft.host --list --types DIR   prints the types found, as JSON
"""

import importlib.metadata
import importlib.util
import inspect
import os

from . import _nodes


def _entry_points():
    found = importlib.metadata.entry_points()
    if hasattr(found, "select"):
        return found.select(group="weft.nodes")
    return found.get("weft.nodes", [])  # Python 3.9


def _import(path):
    stem = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location("weft_types_" + stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)


def load(paths=""):
    """Imports every module of the directories in paths and every weft.nodes entry point; the
    registry of node types by name."""
    for directory in filter(None, paths.split(os.pathsep)):
        if not os.path.isdir(directory):
            raise ValueError(f"no folder {directory} of Python node types")
        for name in sorted(os.listdir(directory)):
            if name.endswith(".py") and not name.startswith("_"):
                _import(os.path.join(directory, name))
    for entry in _entry_points():
        target = entry.load()
        if entry.name not in _nodes.registered():
            _nodes.node(entry.name)(target)
    return _nodes.registered()


def describe(registry):
    """Each type's name and the first line of its docstring, by name."""
    return [
        {"name": name, "description": (inspect.getdoc(target) or "").split("\n")[0]}
        for name, target in sorted(registry.items())
    ]
