"""Tools style themselves: their stylesheets arrive with the widgets, not the page."""

from __future__ import annotations

from kit.testing.browser import (
    background,
    open_one_screen,
    open_page,
    page_problems,
    tool_stylesheets,
)

# The notice's background in kit/widgets/static/kit-matrix.css (#fff4e5).
NOTICE = "rgb(255, 244, 229)"


def test_the_matrix_page_gets_the_matrix_styles_from_the_tool(voila, browser):
    record = open_one_screen(browser, voila.url("afwegen.ipynb"), ready=".kit-matrix")
    page = record.page
    assert tool_stylesheets(page) >= {"common", "matrix"}
    assert background(page, ".kit-matrix-notice") == NOTICE
    # Shared rules apply too: the primary button is the kit's blue.
    assert background(page, ".kit-root .jupyter-button.mod-primary") == (
        "rgb(11, 87, 208)"
    )
    # The page itself links no tool stylesheet any more.
    assert page.locator("link[href*='kit-matrix.css']").count() == 0
    assert page_problems(record) == []
    page.context.close()


def test_the_start_page_gets_the_session_styles(voila, browser):
    record = open_page(browser, voila.url("start.ipynb"), ready=".kit-root")
    page = record.page
    assert "session" in tool_stylesheets(page)
    assert page_problems(record) == []
    page.context.close()
