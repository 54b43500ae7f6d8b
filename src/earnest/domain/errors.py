"""Errors a user can cause. Adapters turn them into exit codes, form errors or 4xx bodies."""


class DomainError(ValueError):
    """A rule of the ledger was broken by the input; the message says which, in plain words."""


class LadderFileError(DomainError):
    """A ladder file could not be read; names the file, the line and the problem."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")
