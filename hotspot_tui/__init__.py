"""hotspot-tui: run a hotspot-patrol operation from the terminal."""

__version__ = "0.1.0"
