"""The record systems an officer would search, each with its own schema and flaws.

IDENT (biometric encounters, FIN), EID (ICE arrests, cases, orders), CIS
(A-number index), CLAIMS 3 (benefits), CLAIMS 4 (naturalization), ADIS
(arrivals), EOIR (immigration court), III (criminal history), and the
corroboration-only sources the automated check never sees: vital records,
passports and certificates of naturalization or citizenship. Each is built
from the people's true events, then damaged by its configured error model.
Which person a record really belongs to goes to the truth (`owners`).

`build` runs the systems in order: `identifiers` (A-numbers), `ident`, `enforcement`
(EID, EOIR), `benefits` (CIS, CLAIMS 3, CLAIMS 4), `arrivals` (ADIS), `criminal` (III)
and `corroboration`; `common` holds the context and `_emit` they share.
"""

from __future__ import annotations

from probable.world.systems.build import build_systems
from probable.world.systems.common import RecordSystems

__all__ = ["RecordSystems", "build_systems"]
