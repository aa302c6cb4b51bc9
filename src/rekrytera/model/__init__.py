"""The domain model: frozen attrs classes, pure data with their invariants.

Nothing here reads or writes files; see :mod:`rekrytera` for ``load`` and ``dump``.
"""

from ._assessment import (
    AskedQuestion,
    Decision,
    InterviewGuide,
    InterviewRecord,
    Question,
    Ranking,
    Rating,
    RetentionRecord,
)
from ._base import FieldError, Perspective, Phase, QuestionKind, Recusal, Role, Stage
from ._conflicts import conflict_problems, may_assess, recused
from ._participation import (
    ChecklistItem,
    Evaluation,
    ExperienceArea,
    Participation,
    PoolResident,
    Register,
    ResidentPool,
    Step,
)
from ._people import Candidate, Conflict, Identity, Panelist
from ._profile import Competence, CompetenceProfile, Merit, Requirement, Scale
from ._recruitment import Recruitment, RecruitmentInfo
from ._steps import Need, Outcome, Screening, Suggestion, WorkSample

__all__ = [
    "AskedQuestion",
    "Candidate",
    "ChecklistItem",
    "Competence",
    "CompetenceProfile",
    "Conflict",
    "Decision",
    "Evaluation",
    "ExperienceArea",
    "FieldError",
    "Identity",
    "InterviewGuide",
    "InterviewRecord",
    "Merit",
    "Need",
    "Outcome",
    "Panelist",
    "Participation",
    "Perspective",
    "Phase",
    "PoolResident",
    "Question",
    "QuestionKind",
    "Ranking",
    "Rating",
    "Recruitment",
    "RecruitmentInfo",
    "Recusal",
    "Register",
    "Requirement",
    "ResidentPool",
    "RetentionRecord",
    "Role",
    "Scale",
    "Screening",
    "Stage",
    "Step",
    "Suggestion",
    "WorkSample",
    "conflict_problems",
    "may_assess",
    "recused",
]
