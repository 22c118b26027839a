"""A link's verdict after a check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Result:
    verdict: str
    status: int | None = None
    error: str = ""  # for people, in Swedish
    redirect_to: str = ""  # a permanent redirect's final address: the suggested fix
    redirects: list[dict[str, Any]] = field(default_factory=list)  # [{"status", "url"}, …]
