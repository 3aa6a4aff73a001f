"""Installed distributions' entry points and versions, read from their metadata folders.

`importlib.metadata` answers the same questions, but importing it (with the
e-mail parser and zip support it brings) and indexing the entry points of
every installed distribution costs the command line tens of milliseconds at
each start. The core needs only the entry points of one group and one
version, so it reads the `*.dist-info` and `*.egg-info` folders that pip, uv
and setuptools write on `sys.path` (their `METADATA` or `PKG-INFO`, and
`entry_points.txt`, as the core metadata specifications lay them out). As for
an import, the first distribution of a name on `sys.path` wins.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

_VALUE = re.compile(r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$")
_SUFFIXES = (".dist-info", ".egg-info")


@dataclass(frozen=True)
class EntryPoint:
    """One entry point of an installed distribution: `name = module:attribute`."""

    name: str
    value: str
    dist: str  # the distribution's name, as its metadata spells it
    version: str

    def load(self) -> Any:
        """Import the module and return the object the entry point names."""
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"{self.value!r} is not of the form module:attribute")
        found: Any = import_module(match["module"])
        for part in (match["attr"] or "").split("."):
            if part:
                found = getattr(found, part)
        return found


def normalise(name: str) -> str:
    """A distribution name as compared (PEP 503): lower case, runs of -_. as one hyphen."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _metadata_folders() -> Iterator[str]:
    """Every distribution's metadata folder (or egg-info file), in `sys.path` order."""
    for entry in sys.path:
        folder = entry or os.getcwd()
        try:
            names = sorted(os.listdir(folder))
        except OSError:  # a zip file, or a folder that does not exist
            continue
        for name in names:
            if name.endswith(_SUFFIXES):
                yield os.path.join(folder, name)


def _folder_name(path: str) -> str:
    """The distribution name a metadata folder is named after (`name-1.0.dist-info`)."""
    stem = os.path.basename(path).rsplit(".", 1)[0]
    return normalise(stem.split("-", 1)[0])


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (OSError, UnicodeDecodeError):
        return None


def _name_version(path: str) -> tuple[str, str] | None:
    """The Name and Version fields of a distribution's metadata (its header lines)."""
    text = None
    if os.path.isdir(path):
        text = _read(os.path.join(path, "METADATA")) or _read(os.path.join(path, "PKG-INFO"))
    else:  # an egg-info file holds the metadata itself
        text = _read(path)
    if text is None:
        return None
    fields: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip():
            break  # the headers end at the first blank line; the description follows
        key, sep, value = line.partition(":")
        if sep and key in ("Name", "Version") and key not in fields:
            fields[key] = value.strip()
    if "Name" not in fields:
        return None
    return fields["Name"], fields.get("Version", "unknown")


def _group(text: str, group: str) -> list[tuple[str, str]]:
    """The `name = value` lines of one section of an entry_points.txt."""
    found: list[tuple[str, str]] = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line[0] == "[" and line[-1] == "]":
            section = line[1:-1].strip()
        elif section == group and "=" in line:
            name, _, value = line.partition("=")
            found.append((name.strip(), value.strip()))
    return found


def entry_points(group: str) -> list[EntryPoint]:
    """The entry points of `group` of every installed distribution, in `sys.path` order."""
    seen: set[str] = set()
    found: list[EntryPoint] = []
    for path in _metadata_folders():
        key = _folder_name(path)
        if key in seen:
            continue
        seen.add(key)
        text = _read(os.path.join(path, "entry_points.txt"))
        if not text or group not in text:
            continue
        pairs = _group(text, group)
        identity = _name_version(path) if pairs else None
        if identity is None:
            continue
        dist, version = identity
        found.extend(EntryPoint(name, value, dist, version) for name, value in pairs)
    return found


def version(distribution: str) -> str | None:
    """The installed version of `distribution`, or None when it is not installed."""
    key = normalise(distribution)
    for path in _metadata_folders():
        if _folder_name(path) == key:
            identity = _name_version(path)
            return identity[1] if identity is not None else None
    return None
