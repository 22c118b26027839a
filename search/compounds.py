"""Words the domain's compound words are made of ("nyckel" + "hantering").

Swedish writes compounds as one word, so "nyckelhantering" is not found by "hantering" unless the
index also holds its parts. The list is used when indexing in the database (the parts are
indexed beside the word) and as the word list of Elasticsearch's dictionary decompounder.
Extend it with the setting SEARCH_COMPOUND_PARTS.
"""

from __future__ import annotations

COMPOUND_PARTS: tuple[str, ...] = (
    "akut", "anhörig", "ansökan", "ansvar", "arbete", "arbets", "arbetsmiljö", "avvikelse",
    "beslut", "besök", "bedömning", "behov", "bemanning", "bistånd", "blankett", "boende",
    "bölja", "dokument", "dokumentation", "ekonomisk", "familj", "fall", "flöde", "färd",
    "förfrågan", "genomförande", "granskning", "handläggning", "hantering", "hem", "hembesök",
    "hemtjänst", "hygien", "hälsa", "hörsel", "insats", "individ", "karta", "klagomål",
    "kvalitet", "lag", "ledning", "läkemedel", "mall", "material", "miljö", "mål", "nyckel",
    "nämnd", "omsorg", "person", "plan", "post", "pärm", "process", "rapport", "relation",
    "risk", "riktlinje", "rutin", "service", "sjukvård", "social", "socialtjänst", "stöd",
    "synpunkt", "system", "sår", "tid", "tjänst", "tryck", "uppföljning", "utredning",
    "verksamhet", "vistelse", "vård", "värme", "våld",
)  # fmt: skip
