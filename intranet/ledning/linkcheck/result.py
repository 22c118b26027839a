"""A link's verdict after a check."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .models import Verdict


@dataclass
class Result:
    verdict: str
    status: int | None = None
    error: str = ""  # for people, in Swedish
    redirect_to: str = ""  # a permanent redirect's final address: the suggested fix
    redirects: list[dict[str, Any]] = field(default_factory=list)  # [{"status", "url"}, …]

    @property
    def ok(self) -> bool:
        return self.verdict == Verdict.OK

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
