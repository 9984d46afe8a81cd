"""The words a setting's value may be typed as, in both languages: one set each, shared by every setting."""

OFF_WORDS = frozenset({"off", "uit", "none", "geen"})  # switched off (a cadence of 0, no public holidays)
DEFAULT_WORDS = frozenset({"default", "standaard"})  # back to the built-in default
