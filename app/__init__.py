"""claimtrack: claims, speakers, sources and the figures they disagree on."""

__version__ = "0.1.0"
