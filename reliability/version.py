"""The core distribution's name and version, read from its installed metadata.

The version is written once, in `pyproject.toml`; everything else reads it
from here, which imports nothing of the package.
"""

from __future__ import annotations

import importlib.metadata

DISTRIBUTION = "reliability-scorecards"
"""The core's distribution name: the one a plugin depends on (the import name is `reliability`)."""

try:
    __version__ = importlib.metadata.version(DISTRIBUTION)
except importlib.metadata.PackageNotFoundError:  # run from a source tree that is not installed
    __version__ = "0+unknown"
