"""Hostile text in signatures: markup, HTML and memory addresses must reach the page inert."""

SENTINEL = object()


class Opaque:
    """An object whose repr holds a memory address."""


def hostile(
    text="<script>alert(1)</script>",
    marker=SENTINEL,
    fmt: "Callable[..., *Ts] | `code` | **bold**" = None,  # noqa: F722 (on purpose)
    opaque=Opaque(),  # noqa: B008 (its repr holds an address)
    *,
    html="<b>&amp;</b>",
):
    """Every default is trouble."""


def plain(text="plain", marker=None, fmt: "str | None" = None, opaque=None, *, html=""):
    """Nothing special."""
