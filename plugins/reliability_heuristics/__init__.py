"""The built-in heuristics, found through the `reliability` entry-point group like any plugin."""
