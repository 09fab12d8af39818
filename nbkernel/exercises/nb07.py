"""Exercises of notebook 07."""

from .registry import Exercise, Mistake, register  # noqa: F401
