"""Development settings: `make demo` runs on these."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# The embedded SQLite database, media and mail live under var/.
for sub in ("", "media", "mail"):
    (VAR_DIR / sub).mkdir(parents=True, exist_ok=True)  # noqa: F405
