"""docutils state machines for a comparison page's text, made once and used again.

docutils builds a new nested state machine (15 states, each making its table of transitions)
for every explicit-markup construct, list, field list and directive option block it parses
(``RSTState.nested_list_parse``), and takes it apart after; only ``nested_parse`` with its
default machine keeps one for the next call. For a comparison page that construction was over
half of the time spent parsing the template's text (issue 19: 737 of 1,324 samples in
``parse_rst``), and the garbage it leaves a good part of the rest.

:data:`STATE_CLASSES` are docutils' own reStructuredText states, with one change: the nested
machines they start come from a pool and go back to it when docutils is done with them (where
it would take them apart), set to the initial state docutils asks for. They parse the
template's text (:func:`run_rst`) and an ``apidiff``'s content on a reStructuredText page
(:func:`nested_parse`), nothing else: the rest of every page goes through Sphinx's parser as
before. The nodes are the same, only the machines are not made again; for the same reason a
``list-table`` in that text is read by :mod:`.list_table`.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from docutils import nodes, utils
from docutils.parsers.rst import states
from docutils.parsers.rst.directives import tables
from docutils.statemachine import StringList

from .list_table import ListTable

__all__ = ["STATE_CLASSES", "nested_parse", "run_rst"]


_CLEARED = dict.fromkeys(("memo", "document", "inliner", "reporter"))


def _forget(machine: states.RSTStateMachine) -> None:
    """Drop what a machine and its states hold of the text and document they last parsed, as
    soon as it is idle: held until the next parse, they keep the peak memory 2 MB higher."""
    machine.input_lines = machine.node = machine.memo = machine.document = None
    machine.reporter = None
    for state in machine.states.values():
        state.__dict__.update(_CLEARED)  # one call a state: this runs thousands of times a build


class _PooledMachine(states.NestedStateMachine):
    """A nested machine that goes back to the pool where docutils would take it apart.

    docutils asks for the line it stopped at after ``unlink()``: the line numbers stay.
    """

    def unlink(self) -> None:
        _forget(self)
        _NESTED.append(self)


#: An option line docutils reads as a one-word field name (lower case, inline markup cannot
#: change it) and a one-line body, or none.
_OPTION = re.compile(r":([a-z0-9]+(?:-[a-z0-9]+)*):(?: +(\S(?:.*\S)?))?\Z")

#: Nested machines not running now.
_NESTED: list[_PooledMachine] = []
#: Top-level machines not running now (a directive in the text may parse text of its own).
_TOP: list[states.RSTStateMachine] = []


def _nested_machine(
    debug: bool = False,
    parent_state_machine: states.RSTStateMachine | None = None,
    *,
    state_classes: tuple[type[states.RSTState], ...],
    initial_state: str,
) -> states.NestedStateMachine:
    """What ``NestedStateMachine(...)`` makes, from the pool when the states are ours."""
    # docutils before 0.21 neither passes nor takes a parent machine
    parent = () if parent_state_machine is None else (parent_state_machine,)
    if state_classes is not STATE_CLASSES:  # a directive's own states: as docutils does
        return states.NestedStateMachine(state_classes, initial_state, debug, *parent)
    if not _NESTED:
        return _PooledMachine(state_classes, initial_state, debug, *parent)
    machine = _NESTED.pop()
    machine.initial_state = machine.current_state = initial_state
    machine.parent_state_machine = parent_state_machine
    machine.debug = debug
    machine.section_level_offset = 0  # a nested parse with titles set it
    return machine


class _Pooled:
    """Mixed into each docutils state: nested machines from the pool, made of these states."""

    #: docutils keeps the machines of default nested parses in a list shared by every state
    #: class: these states keep their own (their machines hold these states)
    nested_sm_cache: ClassVar[list[states.NestedStateMachine]] = []
    nested_sm = staticmethod(_nested_machine)

    def __init__(self, state_machine: states.RSTStateMachine, debug: bool = False) -> None:
        super().__init__(state_machine, debug)  # type: ignore[call-arg]
        theirs = self.nested_sm_kwargs
        self.nested_sm_kwargs = dict(_KWARGS)  # a state's own, as docutils makes it
        for name in ("indent_sm_kwargs", "known_indent_sm_kwargs"):
            if getattr(self, name) is theirs:
                setattr(self, name, self.nested_sm_kwargs)

    def parse_extension_options(self, option_spec: dict, datalines: list[str]) -> tuple[int, Any]:
        """A directive's options, each one line ``:name: value``, read without the nested
        machine docutils starts for them (its ``ExtensionOptions`` state takes a value as
        written: no inline markup); any other block is docutils'. Converted, checked and
        reported in docutils' words (``parse_extension_options``)."""
        options = []
        for line in datalines:
            match = _OPTION.match(line)
            if match is None:
                return super().parse_extension_options(option_spec, datalines)  # type: ignore[misc]
            options.append(match.groups())
        # where docutils' machine leaves the document at the end of the block: its last line's
        # source, no line
        items = getattr(datalines, "items", None)
        self.document.note_source(items[-1][0] if items else None, None)  # type: ignore[attr-defined]
        try:
            return 1, utils.assemble_option_dict(options, option_spec)
        except KeyError as detail:
            return 0, f'unknown option: "{detail.args[0]}"'
        except (ValueError, TypeError) as detail:
            return 0, f"invalid option value: {' '.join(detail.args)}"
        except utils.ExtensionOptionError as detail:
            return 0, f"invalid option data: {' '.join(detail.args)}"

    def run_directive(self, directive: type, *args: Any, **kwargs: Any) -> Any:
        """docutils' ``list-table`` reads a plain-form list without a machine per cell
        (:mod:`.list_table`); a ``list-table`` a project registered itself is left alone."""
        if directive is tables.ListTable:
            directive = ListTable
        return super().run_directive(directive, *args, **kwargs)  # type: ignore[misc]


#: docutils' reStructuredText states, with the same names (the machines find them by name).
STATE_CLASSES: tuple[type[states.RSTState], ...] = tuple(
    type(cls.__name__, (_Pooled, cls), {"__module__": __name__, "__doc__": cls.__doc__})
    for cls in states.state_classes
)
_KWARGS = {"state_classes": STATE_CLASSES, "initial_state": "Body"}


def run_rst(content: StringList, document: nodes.document) -> None:
    """Parse ``content`` into ``document`` as ``RSTStateMachine.run`` does."""
    machine = _TOP.pop() if _TOP else states.RSTStateMachine(STATE_CLASSES, "Body")
    machine.run(content, document)
    _forget(machine)
    _TOP.append(machine)


def nested_parse(
    state: states.RSTState, content: StringList, offset: int, node: nodes.Element
) -> None:
    """``state.nested_parse(content, offset, node)``, with pooled machines on a
    reStructuredText page (a MyST page's state parses Markdown: its own way)."""
    if isinstance(state, states.RSTState):
        state.nested_parse(
            content, offset, node, state_machine_class=_nested_machine, state_machine_kwargs=_KWARGS
        )
    else:
        state.nested_parse(content, offset, node)
