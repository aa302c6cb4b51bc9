"""A validation plugin: a municipality's policy that every panel includes a resident."""

from __future__ import annotations

from collections.abc import Iterable

import rekrytera
from rekrytera import Problem
from rekrytera.model import Recruitment, Role


@rekrytera.hookimpl
def rekrytera_validate(recruitment: Recruitment) -> Iterable[Problem]:
    if not any(p.role is Role.RESIDENT for p in recruitment.panel):
        yield Problem("panel", "our policy: every panel includes a resident (invånare)")
