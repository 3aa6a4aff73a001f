"""Import the plugin's source when its tests run, without installing it.

Run from `plugins/loaded-language/` or from the repository root, the tests
exercise the source next to them, not an installed copy.

Only the package is made importable; its folder is not put on `sys.path`.
`pip install ./plugins/loaded-language` builds in place and leaves a
`*.egg-info` there, and on `sys.path` that metadata would register the
plugin's entry point in the test process alone: the tests would then score
with a heuristic that a server they start does not load.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

PLUGIN_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "reliability_loaded_language"

if PACKAGE not in sys.modules:
    source = PLUGIN_ROOT / PACKAGE
    spec = importlib.util.spec_from_file_location(
        PACKAGE, source / "__init__.py", submodule_search_locations=[str(source)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = module
    spec.loader.exec_module(module)
