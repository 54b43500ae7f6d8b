"""earnest's rules, in plain Python: which leads are real, judged by what the prospect gave up.

Nothing here imports a framework or reads a clock; every rule takes ``today``.
"""

from .coach import (
    Brief,
    ConversationGlance,
    Debrief,
    advise,
    brief,
    debrief,
    learning_questions,
    next_ask,
)
from .commitments import effective_status, given, transition
from .currencies import Currency, parse_currencies
from .earlyvangelist import earlyvangelist
from .errors import DomainError, LadderFileError
from .history import (
    AskAnswer,
    Channel,
    Classification,
    CloseReason,
    Closure,
    Commitment,
    CommitmentStatus,
    Contact,
    Conversation,
    Criterion,
    Evidence,
    Id,
    NextStep,
    Parking,
    ProspectHistory,
    Role,
    StepOwner,
    StepResult,
)
from .ladder_files import builtin_ladder_text, builtin_ladders, ladder_from_file, ladder_from_toml
from .ladders import MAIN_TRACK, NURTURE_TRACK, Ladder, Rung
from .outcomes import conversation_outcome
from .results import (
    Advice,
    AdviceKind,
    Assessment,
    Earlyvangelist,
    LeadWarning,
    Outcome,
    OutcomeResult,
    Reason,
    Stage,
    StageEntry,
    Strength,
    StrengthTerm,
    Verdict,
    WarningKind,
)
from .stages import stage
from .strength import commitment_strength
from .verdicts import assess, assess_many
from .warnings import lead_warnings

__all__ = [
    "MAIN_TRACK",
    "NURTURE_TRACK",
    "Advice",
    "AdviceKind",
    "AskAnswer",
    "Assessment",
    "Brief",
    "Channel",
    "Classification",
    "CloseReason",
    "Closure",
    "Commitment",
    "CommitmentStatus",
    "Contact",
    "Conversation",
    "ConversationGlance",
    "Criterion",
    "Currency",
    "Debrief",
    "DomainError",
    "Earlyvangelist",
    "Evidence",
    "Id",
    "Ladder",
    "LadderFileError",
    "LeadWarning",
    "NextStep",
    "Outcome",
    "OutcomeResult",
    "Parking",
    "ProspectHistory",
    "Reason",
    "Role",
    "Rung",
    "Stage",
    "StageEntry",
    "StepOwner",
    "StepResult",
    "Strength",
    "StrengthTerm",
    "Verdict",
    "WarningKind",
    "advise",
    "assess",
    "assess_many",
    "brief",
    "builtin_ladder_text",
    "builtin_ladders",
    "commitment_strength",
    "conversation_outcome",
    "debrief",
    "earlyvangelist",
    "effective_status",
    "given",
    "ladder_from_file",
    "ladder_from_toml",
    "lead_warnings",
    "learning_questions",
    "next_ask",
    "parse_currencies",
    "stage",
    "transition",
]
