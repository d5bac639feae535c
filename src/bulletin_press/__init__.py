"""bulletin_press: typesets a Vietnamese internal monthly bulletin (bản tin)."""

__version__ = "0.1.0"
