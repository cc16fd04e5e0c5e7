"""The scikit-learn pipeline: word n-grams and lexicon features into calibrated linear heads."""
from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline

from classifier.features import LexiconFeatures, feature_names
from classifier.heads import OverclaimHeads
from classifier.topics import TOKEN_PATTERN, item_tokens
from classifier.types import CATEGORIES

# Output columns of the heads: whether a sentence overclaims, then one column
# per category of the labeling guide.
HEADS: tuple[str, ...] = ("overclaim", *CATEGORIES)
DEFAULT_PARAMS: dict[str, float | int] = {"C": 16.0, "category_C": 16.0, "ngram_max": 2, "min_df": 2, "lexicon_weight": 1.0, "words_weight": 1.0, "blend": 1.0}


def build_pipeline(
    C: float = 8.0,
    category_C: float = 8.0,
    ngram_max: int = 2,
    min_df: int = 2,
    lexicon_weight: float = 1.0,
    words_weight: float = 1.0,
    blend: float = 1.0,
    lexicon_path: str | None = None,
) -> Pipeline:
    """An unfitted pipeline; fit it on sentences and an (n, len(HEADS)) 0/1 matrix."""
    words = TfidfVectorizer(
        lowercase=True,
        tokenizer=item_tokens,
        token_pattern=None,
        ngram_range=(1, ngram_max),
        min_df=min_df,
        sublinear_tf=True,
        dtype=np.float32,
    )
    features = FeatureUnion(
        [("words", words), ("lexicon", LexiconFeatures(lexicon_path=lexicon_path))],
        transformer_weights={"words": words_weight, "lexicon": lexicon_weight},
    )
    heads = OverclaimHeads(C=C, category_C=category_C, lexicon_columns=len(feature_names()), blend=blend)
    return Pipeline([("features", features), ("heads", heads)])
