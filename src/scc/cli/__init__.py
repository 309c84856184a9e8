"""The `scc` command line."""

from scc.cli.main import main

__all__ = ["main"]
