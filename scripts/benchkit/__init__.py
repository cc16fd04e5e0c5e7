"""Sections of `make bench`: each module prints one part of the table (see scripts/bench.py)."""
