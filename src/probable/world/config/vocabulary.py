"""The fixed vocabularies the configuration's keys are checked against."""

from __future__ import annotations

#: The paths a life can take, as population shares name them.
PATHS = (
    "usc_born",
    "usc_naturalized",
    "lpr",
    "lpr_deportable",
    "nonimmigrant",
    "overstay",
    "tps",
    "daca",
    "asylee",
    "refugee",
    "ewi",
    "final_order",
    "pending_proceedings",
    "acquisition_candidate",
    "derivation_candidate",
)

#: The foreign-born paths that need no linked parent: the paths a namesake's life can take
#: (`usc_born` is not foreign-born; the candidates need a parent for the law to decide).
NAMESAKE_PATHS = tuple(
    path for path in PATHS if path != "usc_born" and not path.endswith("_candidate")
)

#: The paths after the law has decided acquisition and derivation.
OUTCOMES = (
    "usc_acquired",
    "usc_derived",
    *(path for path in PATHS if not path.endswith("_candidate")),
)

#: True statuses a person can hold on a date (the status history's values).
STATUSES = (
    "usc",
    "lpr",
    "lpr_deportable",
    "nonimmigrant",
    "overstay",
    "tps",
    "daca",
    "asylee",
    "refugee",
    "ewi",
    "in_proceedings",
    "final_order",
)
