"""Segment a Document into clauses with section numbers, headings and sentences."""

from .segmenter import segment

__all__ = ["segment"]
