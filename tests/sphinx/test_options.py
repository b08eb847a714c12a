"""Options written after the blank line that ends them: found in a directive's content."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.sphinxext.directive import misplaced_options

KNOWN = {"compare", "raises", "hide-output", "left-signature"}


def test_a_known_option_at_the_contents_indentation():
    lines = [":compare: a b", "", "a = b = 1", ":hide-output:", "  :raises: ValueError"]
    assert misplaced_options(lines, KNOWN, code=True) == [
        (0, 0, "compare", "a b"),
        (3, 3, "hide-output", ""),
    ]


def test_an_unknown_name_or_a_word_after_the_colon_is_not_an_option():
    lines = [":compar: a b", ":raises:ValueError", ":raises x", "x = {'a': 1}"]
    assert misplaced_options(lines, KNOWN, code=True) == []


def test_a_value_continues_on_the_indented_lines_after_it():
    lines = [":left-signature: (a,", "   b=1)", "", "Text."]
    assert misplaced_options(lines, KNOWN) == [(0, 1, "left-signature", "(a,\nb=1)")]


def test_in_code_a_line_inside_a_string_is_the_strings():
    lines = ['DOC = """', ":raises: ValueError", '"""', ":compare: a b", "f'''", ":compare:", "'''"]
    assert misplaced_options(lines, KNOWN, code=True) == [(3, 3, "compare", "a b")]
    # text is not Python: the same lines are all options there
    assert [f[0] for f in misplaced_options(lines, KNOWN)] == [1, 3, 5]


def test_broken_code_still_gets_its_options_found():
    lines = [":compare: a b", "x = (", "'unterminated"]
    assert misplaced_options(lines, KNOWN, code=True) == [(0, 0, "compare", "a b")]


_TEXT = st.text(st.sampled_from("ab :=\n'\"#()"), max_size=40).filter(
    lambda t: '"""' not in t and "\\" not in t
)


@given(before=_TEXT, inside=st.lists(st.sampled_from(sorted(KNOWN)), min_size=1, max_size=3))
def test_no_line_of_a_docstring_is_ever_an_option(before, inside):
    """Whatever code comes before, a docstring's lines written like options stay the
    docstring's, as long as the code before it leaves no string open."""
    head = [line for line in before.split("\n") if line.count("'") % 2 == 0]
    head = [line for line in head if line.count('"') % 2 == 0 and "(" not in line]
    lines = [*head, 'DOC = """', *(f":{name}: x" for name in inside), '"""']
    reported = {i for i, *_ in misplaced_options(lines, KNOWN, code=True)}
    assert not reported & set(range(len(head) + 1, len(head) + 1 + len(inside)))
