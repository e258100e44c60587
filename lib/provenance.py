"""Provenance: what every result and every export says about how it was made.

The record lives with the analysis contract (:mod:`lib.analysis`); this module
keeps the short import path that every feature uses.
"""

from lib.analysis import Provenance, library_versions, make_provenance, sha256_of

__all__ = ["Provenance", "library_versions", "make_provenance", "sha256_of"]
