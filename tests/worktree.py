"""A copy of the working tree as a fresh clone would have it, for tests that change the tree."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_worktree(dest: Path) -> Path:
    """Copy the tracked and not-ignored files of the working tree (as they are now) to `dest`.

    Build leftovers, virtual environments and caches are ignored by git, so the
    copy is what `git clone` would give, with the uncommitted changes.
    """
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listing.split("\0")):
        source = ROOT / name
        if not source.is_file():  # deleted in the working tree, not yet in the index
            continue
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    return dest
