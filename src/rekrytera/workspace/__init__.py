"""The panel's workspace: personal links, drafts, sealed ratings, calibration and the decision.

The state lives in a :class:`~rekrytera.exporters.Store` (its ``workspace_*``
tables, and the recruitment itself for what is submitted), so the command
line (``rekrytera invite``) and the web app (``rekrytera serve``, in
:mod:`rekrytera.web`) share it. This module needs nothing beyond the core.
"""

from ..privacy import resident_scrubber
from ._base import (
    CHAIRS,
    DAY,
    Access,
    AuditEntry,
    Draft,
    Invitation,
    LinkInfo,
    LinkRefused,
    RateLimited,
    Sealed,
    StaleDraft,
    WorkspaceError,
    digest,
)
from ._workspace import Workspace

__all__ = [
    "CHAIRS",
    "DAY",
    "Access",
    "AuditEntry",
    "Draft",
    "Invitation",
    "LinkInfo",
    "LinkRefused",
    "RateLimited",
    "Sealed",
    "StaleDraft",
    "Workspace",
    "WorkspaceError",
    "digest",
    "resident_scrubber",
]
