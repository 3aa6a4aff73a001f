"""The attribution heuristic: see `heuristic`."""
