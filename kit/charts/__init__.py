"""altair chart builders: tidy DataFrames in, rendered figures out. No widgets."""

from kit.charts.render import ChartFigure, figure, to_svg

__all__ = ["ChartFigure", "figure", "to_svg"]
