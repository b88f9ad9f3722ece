"""Command group placeholder; its owner replaces this module."""

from __future__ import annotations

import argparse


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add this group's sub-commands (none yet)."""
