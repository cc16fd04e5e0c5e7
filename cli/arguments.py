"""Argument types shared by the commands."""
from __future__ import annotations

import argparse


def positive(value: str) -> int:
    """A whole number of at least 1, for counts such as --workers."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a positive whole number")
    return number
