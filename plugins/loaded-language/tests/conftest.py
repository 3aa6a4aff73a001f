"""Make the plugin's source importable when its tests run from the repository root.

Run from `plugins/loaded-language/` or from the repository root, the tests
exercise the source next to them, not an installed copy.
"""

from __future__ import annotations

import sys
from pathlib import Path

PLUGIN_ROOT = Path(__file__).resolve().parent.parent

if str(PLUGIN_ROOT) not in sys.path:
    sys.path.insert(0, str(PLUGIN_ROOT))
