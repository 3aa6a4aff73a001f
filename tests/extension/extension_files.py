"""Where the browser extension and its test pages are."""

from factories import ROOT

EXTENSION = ROOT / "extension"
PAGES = ROOT / "tests" / "extension" / "pages"
