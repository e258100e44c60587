"""The small, offline model that judges whether a sentence is about the scenario.

WordLlama's ``l2_supercat`` static token embeddings (256 numbers per token, 16 MB) ship inside
the pinned ``wordllama`` wheel together with their tokenizer file, so nothing is downloaded:
both files are read straight from the installed package. A sentence's vector is the mean of its
tokens' vectors, scaled to length one; similarity is the cosine. Same text, same vector.

The model loads on first use (about 0.2 s, see ``bench/bench_practice.py``); ``import lib.practice``
stays light.
"""

from __future__ import annotations

import importlib.util
import time
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from lib.errors import InputError

if TYPE_CHECKING:
    from numpy.typing import NDArray

MODEL_PACKAGE = "wordllama"
MODEL_NAME = "WordLlama l2_supercat, 256 dimensions (static token embeddings shipped in the wordllama wheel)"
_WEIGHTS = ("weights", "l2_supercat_256.safetensors")
_TOKENIZER = ("tokenizers", "l2_supercat_tokenizer_config.json")


class StaticEmbedder:
    """Mean-pooled static token embeddings, normalised to unit length.

    Parameters
    ----------
    vectors : ndarray
        One row per token id.
    tokenizer : tokenizers.Tokenizer
        Turns text into token ids.
    load_seconds : float
        Wall-clock seconds the files took to load.
    """

    def __init__(self, vectors: NDArray[np.float32], tokenizer: Any, *, load_seconds: float) -> None:
        self.vectors = vectors
        self.tokenizer = tokenizer
        self.load_seconds = load_seconds

    def embed(self, texts: list[str]) -> NDArray[np.float32]:
        """Unit vectors of ``texts`` (a zero vector for a text without tokens)."""
        out = np.zeros((len(texts), self.vectors.shape[1]), dtype=np.float32)
        if not texts:
            return out
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = np.asarray(encoding.ids, dtype=np.int64)
            if ids.size:
                mean = self.vectors[np.clip(ids, 0, len(self.vectors) - 1)].mean(axis=0)
                norm = float(np.linalg.norm(mean))
                out[row] = mean / norm if norm else mean
        return out


def _package_file(*parts: str) -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise InputError(
            "the relevance model is not installed",
            expected=f"the '{MODEL_PACKAGE}' package from requirements.txt",
            found="no such package",
        )
    path = Path(locations[0]).joinpath(*parts)
    if not path.is_file():
        raise InputError(
            "the relevance model's files are missing", expected=f"{'/'.join(parts)} in {MODEL_PACKAGE}", found="none"
        )
    return path


@lru_cache(maxsize=1)
def embedder() -> StaticEmbedder:
    """The shared embedder, loaded from the installed wheel on first use (never downloaded)."""
    start = time.perf_counter()
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(_package_file(*_TOKENIZER)))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    weights = load_file(str(_package_file(*_WEIGHTS)))["embedding.weight"]
    vectors = np.ascontiguousarray(weights, dtype=np.float32)
    return StaticEmbedder(vectors, tokenizer, load_seconds=time.perf_counter() - start)


def embed(texts: list[str]) -> NDArray[np.float32]:
    """Unit vectors of ``texts`` from the shared embedder (see :class:`StaticEmbedder`)."""
    return embedder().embed(texts)
