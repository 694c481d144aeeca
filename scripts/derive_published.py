"""Derive corpora/labelled/classify_train_published.jsonl from corpora/published/indicators.jsonl.

Label spelling is normalised (数量指标（必填） → 数量指标), nothing is re-labelled; run `perfdoc train`
afterwards. Usage: python scripts/derive_published.py
"""
from perfdoc.indicators.classification.published import derive

if __name__ == "__main__":
    stats = derive()
    print(f"kept {stats['kept']} rows from {stats['tables']} tables; left out: {stats['dropped']}")
