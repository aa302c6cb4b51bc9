"""Everyone in a recruitment who has an identity, typed as such for the tests."""

from __future__ import annotations

from rekrytera.model import Candidate, Panelist, Recruitment


def people(rec: Recruitment) -> list[Candidate | Panelist]:
    """The recruitment's candidates, then its panel."""
    return [*rec.candidates, *rec.panel]
