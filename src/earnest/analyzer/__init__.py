"""Notes, emails and transcripts -> what the customer actually gave. Imports no Django.

spaCy, dateparser and the model load on the first call to `analyze`, not on import.
"""

from .analysis import analyze
from .result import KINDS, AnalysisResult, Signal

__all__ = ["KINDS", "AnalysisResult", "Signal", "analyze"]
