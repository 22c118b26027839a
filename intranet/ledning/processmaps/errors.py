from __future__ import annotations


class ProcessMapError(ValueError):
    """A process map file that cannot be shown. The message is Swedish, for the editor."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
