"""The synonym list the search starts with (no Django imports: settings use it too).

Administrators extend it in the admin (Synonymer för sökningen); a data migration stores these
as the first rows."""

from __future__ import annotations

DEFAULT_SYNONYMS: tuple[str, ...] = (
    "SoL, socialtjänstlagen",
    "LSS, lagen om stöd och service till vissa funktionshindrade",
    "LVU, lagen med särskilda bestämmelser om vård av unga",
    "LVM, lagen om vård av missbrukare i vissa fall",
    "HSL, hälso- och sjukvårdslagen",
    "IVO, Inspektionen för vård och omsorg",
    "SOSFS, Socialstyrelsens författningssamling",
)
