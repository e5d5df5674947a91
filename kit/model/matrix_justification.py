"""The team's justification (verantwoording) of a weighing: command and reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kit.locale import t
from kit.model.matrix_setup import (
    JUSTIFICATION,
    MAX_FOR_WHOM,
    MAX_REVISIT,
    MAX_WHY,
    MatrixSetup,
    clean_text,
    events_of,
)

# --- the justification (verantwoording) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Justification:
    """The team's written account of its choice, as stored (for the session report)."""

    subject: str
    choice: str
    choice_label: str
    why: str
    losing_values: tuple[str, ...]
    losing_value_names: tuple[str, ...]
    for_whom: str
    revisit: str
    created_at: float = 0.0

    @classmethod
    def from_payload(
        cls, subject: str, payload: Mapping[str, Any], created_at: float = 0.0
    ) -> Justification:
        return cls(
            subject,
            str(payload.get("choice", "")),
            str(payload.get("choice_label", "")),
            str(payload.get("why", "")),
            tuple(payload.get("losing_values", ())),
            tuple(payload.get("losing_value_names", ())),
            str(payload.get("for_whom", "")),
            str(payload.get("revisit", "")),
            created_at,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "choice": self.choice,
            "choice_label": self.choice_label,
            "why": self.why,
            "losing_values": list(self.losing_values),
            "losing_value_names": list(self.losing_value_names),
            "for_whom": self.for_whom,
            "revisit": self.revisit,
            "created_at": self.created_at,
        }

    def as_text(self) -> str:
        """Plain text for a report (Dutch)."""
        lines = [
            f"{t('matrix.justify.choice')}: {self.choice_label}",
            f"{t('matrix.justify.why')}: {self.why}",
            f"{t('matrix.justify.losing')}: "
            + (", ".join(self.losing_value_names) or t("matrix.justify.none_named")),
            f"{t('matrix.justify.for_whom')}: "
            + (self.for_whom or t("matrix.justify.none_named")),
            f"{t('matrix.justify.revisit')}: {self.revisit}",
        ]
        return "\n".join(lines)


def justification_payload(
    setup: MatrixSetup,
    choice: str,
    why: str,
    losing_values: Sequence[str] = (),
    for_whom: str = "",
    revisit: str = "",
) -> dict[str, Any]:
    """A checked ``justification`` payload; labels are stored so a report is whole."""
    option = setup.option(choice)
    names = [setup.value(v).name for v in dict.fromkeys(losing_values)]
    return {
        "choice": option.id,
        "choice_label": option.display,
        "why": clean_text(why, MAX_WHY, "matrix_justify_why"),
        "losing_values": list(dict.fromkeys(losing_values)),
        "losing_value_names": names,
        "for_whom": clean_text(
            for_whom, MAX_FOR_WHOM, "matrix_justify_for_whom", False
        ),
        "revisit": clean_text(revisit, MAX_REVISIT, "matrix_justify_revisit"),
    }


def justification(answers: Iterable[Any], subject: str) -> Justification | None:
    """The latest justification of matrix ``subject`` (store answers or export rows)."""
    return justifications(answers).get(subject)


def justifications(answers: Iterable[Any]) -> dict[str, Justification]:
    """Every matrix's latest justification in a session, by subject.

    For the session report/export: pass ``store.find_answers(session_id)`` or the
    ``"answers"`` list of ``store.export_session(...)``.
    """
    found: dict[str, Justification] = {}
    for event in events_of(answers):
        if event.kind == JUSTIFICATION and event.participant_id is None:
            found[event.subject] = Justification.from_payload(
                event.subject, event.payload, event.created_at
            )
    return found
