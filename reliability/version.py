"""The core distribution's name and version, read from its installed metadata.

The version is written once, in `pyproject.toml`; everything else reads it
from here, which imports nothing of the package but the metadata reader.
"""

from __future__ import annotations

from reliability.distributions import version

DISTRIBUTION = "reliability-scorecards"
"""The core's distribution name: the one a plugin depends on (the import name is `reliability`)."""

# "0+unknown" when run from a source tree that is not installed.
__version__ = version(DISTRIBUTION) or "0+unknown"
