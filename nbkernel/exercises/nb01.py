"""Exercises of notebook 01."""

from .registry import Exercise, Mistake, register  # noqa: F401
