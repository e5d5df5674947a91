"""Things to print or hand out: printable card sheets (and later the session report).

Each module here is self-contained; nothing in this package imports widgets.
"""
