"""The weekday words people type, in English and Dutch, abbreviations included: one table for every parser."""

WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0, "mon": 0, "maandag": 0, "ma": 0,
    "tuesday": 1, "tue": 1, "tues": 1, "dinsdag": 1, "di": 1,
    "wednesday": 2, "wed": 2, "woensdag": 2, "wo": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "donderdag": 3, "do": 3,
    "friday": 4, "fri": 4, "vrijdag": 4, "vr": 4,
    "saturday": 5, "sat": 5, "zaterdag": 5, "za": 5,
    "sunday": 6, "sun": 6, "zondag": 6, "zo": 6,
}  # fmt: skip

# The two-letter Dutch abbreviations double as ordinary words ("do", "zo"), so free text treats them with care.
AMBIGUOUS_WEEKDAY_WORDS = frozenset({"ma", "di", "wo", "do", "vr", "za", "zo"})
