"""Notebook helpers: prose built from computed numbers, sharp inline figures, Colab detection."""
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


def sharp_figures() -> bool:
    """Draw inline figures with twice the pixels at the same size on the page ("retina" PNG), so that a projector
    shows them sharp; the chapters call it through :class:`gu.Chapter`. Returns False outside IPython."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    if get_ipython() is None:
        return False
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # IPython without the inline backend (a terminal): nothing to sharpen
        return False
    set_matplotlib_formats("retina")
    return True
