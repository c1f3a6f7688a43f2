"""Notebook helpers: prose built from computed numbers, Colab detection."""
from __future__ import annotations

import sys


def in_colab() -> bool:
    """True when running inside Google Colab."""
    return "google.colab" in sys.modules


def report(markdown: str) -> None:
    """Show Markdown built from computed values (so prose numbers always come from the run)."""
    try:
        from IPython.display import Markdown, display
    except ImportError:  # plain Python: print it
        print(markdown)
        return
    display(Markdown(markdown))
