"""Measured lines into columns: fill, balance and place them on the page."""

from __future__ import annotations

from collections.abc import Sequence

from kit.report.print_deck.geometry import Line, Op, text_op


def flow(lines: Sequence[Line], columns: int, height: float) -> list[list[Line]] | None:
    """Fill up to ``columns`` columns of ``height`` mm; ``None`` if it does not fit."""
    filled: list[list[Line]] = [[]]
    used = 0.0
    i = 0

    def need(group: Sequence[Line], at_top: bool) -> float:
        gap = 0.0 if at_top else group[0].space_before
        return gap + sum(line.height for line in group)

    while i < len(lines):
        j = i
        while j < len(lines) - 1 and lines[j].keep_with_next:
            j += 1
        group = lines[i : j + 1]
        column = filled[-1]
        size = need(group, not column)
        if used + size <= height + 1e-6:
            column.extend(group)
            used += size
            i = j + 1
            continue
        if column and len(filled) < columns:
            filled.append([])
            used = 0.0
            continue
        # The group is taller than a whole column: let it break, line by line.
        size = need(lines[i : i + 1], not column)
        if used + size <= height + 1e-6:
            used += size
            column.append(lines[i])
            i += 1
        elif column and len(filled) < columns:
            filled.append([])
            used = 0.0
        else:
            return None
    return filled


def balanced(
    lines: Sequence[Line], columns: int, height: float
) -> list[list[Line]] | None:
    """Like :func:`flow`, with columns of about equal length."""
    if flow(lines, columns, height) is None:
        return None
    low, high = 0.0, height
    for _ in range(14):
        middle = (low + high) / 2
        if flow(lines, columns, middle) is None:
            low = middle
        else:
            high = middle
    return flow(lines, columns, high)


def place(
    columns: Sequence[Sequence[Line]], x: float, top: float, width: float, gutter: float
) -> list[Op]:
    ops: list[Op] = []
    for n, column in enumerate(columns):
        left = x + n * (width + gutter)
        y = top
        for k, line in enumerate(column):
            if k:
                y += line.space_before
            if line.marker:
                ops.append(
                    text_op(
                        left + line.marker_indent,
                        y,
                        line.marker,
                        line.marker_style or line.style,
                    )
                )
            if line.text:
                ops.append(text_op(left + line.indent, y, line.text, line.style))
            y += line.height
    return ops


def column_height(column: Sequence[Line]) -> float:
    return sum(
        line.height + (line.space_before if k else 0.0) for k, line in enumerate(column)
    )
