"""How small a group may be before anonymous results would give people away.

With two people, "1 van A naar B" or "geraakt: 2, 4" tells each of them what
the other answered. Below :data:`MIN_GROUP` people answering, the tools and the
reports show counts only, and say why.
"""

from __future__ import annotations

#: Fewer people than this answering: counts only, in the tools and the reports.
MIN_GROUP = 3


def too_few(people: int) -> bool:
    """Whether ``people`` answering are too few to show who-did-what patterns."""
    return 0 < people < MIN_GROUP
