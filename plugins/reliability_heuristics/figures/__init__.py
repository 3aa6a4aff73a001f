"""Figures: quantitative claims with their qualifiers, units and context (groundwork)."""
