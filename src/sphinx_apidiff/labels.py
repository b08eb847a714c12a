"""The label each side goes by ("PyTorch", "Conv2d"), told apart when both come from one package.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["configured_label", "distinguishing_suffixes", "side_labels"]


def configured_label(path: str, labels: Mapping[str, str] | None = None) -> str:
    """The label of the longest dotted prefix of ``path`` in ``labels``; else the package.

    ``{"torch": "PyTorch"}`` labels every ``torch.*`` path; ``{"torch.Tensor": "Tensor"}``
    labels the methods of ``torch.Tensor`` apart from the functions of ``torch``. A path at
    a release (``numpy.linspace@1.26.4``) goes by ``{"numpy@1.26.4": "NumPy 1.x"}`` when
    configured, else by its package's label and the release (``numpy 1.26.4``).
    """
    if "@" in path:
        base, _, release = path.partition("@")
        parts = base.split(".")
        for end in range(len(parts), 0, -1):
            label = (labels or {}).get(".".join(parts[:end]) + "@" + release)
            if label:
                return label
        return f"{configured_label(base, labels)} {release.rstrip('/').rpartition('/')[2]}"
    parts = path.split(".")
    for end in range(len(parts), 0, -1):
        label = (labels or {}).get(".".join(parts[:end]))
        if label:
            return label
    return parts[0]


def distinguishing_suffixes(left: str, right: str) -> tuple[str, str]:
    """The shortest ends of two dotted paths that differ.

    ``torch.nn.ConvTranspose2d`` / ``torch.nn.Conv2d`` -> ``ConvTranspose2d`` / ``Conv2d``;
    ``torch.sum`` / ``torch.Tensor.sum`` -> ``torch.sum`` / ``Tensor.sum``. Equal paths stay
    whole.
    """
    lparts, rparts = left.split("."), right.split(".")
    for n in range(1, max(len(lparts), len(rparts)) + 1):
        lend, rend = ".".join(lparts[-n:]), ".".join(rparts[-n:])
        if lend != rend:
            return lend, rend
    return left, right


def side_labels(
    left_path: str,
    right_path: str,
    labels: Mapping[str, str] | None = None,
    left_label: str | None = None,
    right_label: str | None = None,
) -> tuple[str, str]:
    """Both sides' labels: the author's (``left_label``), else configured, else the package.

    When that leaves the two equal and the author named neither, each side is called by the
    shortest end of its path that tells them apart, so that "9th positional in torch, 6th in
    torch" cannot happen.
    """
    left = left_label or configured_label(left_path, labels)
    right = right_label or configured_label(right_path, labels)
    if left == right and not left_label and not right_label and left_path != right_path:
        return distinguishing_suffixes(left_path, right_path)
    return left, right
