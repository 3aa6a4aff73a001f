"""The hedging heuristic: see `heuristic`."""
