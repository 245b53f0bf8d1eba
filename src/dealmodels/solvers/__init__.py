"""Solvers: one solution concept per module, each returning frozen, verified result objects."""
