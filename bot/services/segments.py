"""Kraljic segments, their words in both languages, and the default cadences."""

SEGMENTS = ("strategic", "bottleneck", "leverage", "routine")

SEGMENT_WORDS = {
    "strategic": "strategic",
    "bottleneck": "bottleneck",
    "leverage": "leverage",
    "routine": "routine",
    "strategisch": "strategic",
    "knelpunt": "bottleneck",
    "hefboom": "leverage",
}

DEFAULT_CADENCE_DAYS: dict[str, int | None] = {"strategic": 14, "bottleneck": 30, "leverage": 60, "routine": None}


def parse_segment(word: str) -> str | None:
    return SEGMENT_WORDS.get(word.strip().casefold())
