"""The originality heuristic: see `heuristic`."""
