"""Entity resolution: keys, candidate pairs, judgements and the clusters they make (docs/entities.md)."""
