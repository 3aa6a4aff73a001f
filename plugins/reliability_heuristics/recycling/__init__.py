"""Groundwork for the undated recycled-content heuristic: office-holder tenures."""
