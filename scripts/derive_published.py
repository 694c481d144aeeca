"""Derive the classifier's training snapshots of corpora/published.

corpora/published/indicators.jsonl → corpora/labelled/classify_train_published.jsonl (table rows);
corpora/published/library_rows.jsonl → corpora/labelled/published_library_train.jsonl (rows of
indicator libraries and tables from public repositories, origin "library", training-only).
Label spelling is normalised (数量指标（必填） → 数量指标), nothing is re-labelled; run `perfdoc train`
afterwards. Usage: python scripts/derive_published.py
"""
from perfdoc.indicators.classification.published import derive

if __name__ == "__main__":
    stats = derive()
    print(f"kept {stats['kept']} rows from {stats['tables']} tables; left out: {stats['dropped']}")
    if "library" in stats:
        lib = stats["library"]
        print(f"library rows: kept {lib['kept']} from {lib['sources']} sources (repository files, stored pages); left out: {lib['dropped']}")
