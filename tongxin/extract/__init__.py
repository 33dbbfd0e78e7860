"""Text ingestion: a raw report in, a draft case record out (``tongxin extract REPORT.txt -o draft.yaml``).

>>> from tongxin.extract import extract_report, write_yaml
>>> draft = extract_report("shared/seeds/000_bf7e8332bb8f5b42.txt")   # doctest: +SKIP
>>> print(draft.summary())                                             # doctest: +SKIP
>>> write_yaml(draft, "draft.yaml")                                    # doctest: +SKIP

See docs/extraction.md for how it works and how well.
"""

from tongxin.extract.batch import extract_many
from tongxin.extract.draft import (
    DRAFT_ONLY_FIELDS,
    DraftClaim,
    DraftEntity,
    DraftRecord,
    DraftRelation,
    Mention,
    to_case_record,
    write_yaml,
)
from tongxin.extract.report import extract_report, summary, warm_up

__all__ = [
    "DRAFT_ONLY_FIELDS",
    "DraftClaim",
    "DraftEntity",
    "DraftRecord",
    "DraftRelation",
    "Mention",
    "extract_many",
    "extract_report",
    "summary",
    "to_case_record",
    "warm_up",
    "write_yaml",
]
