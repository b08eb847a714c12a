"""What the warm process can preload before Sphinx reads a page: the imports of the
``apidiff-example`` directives, read from the pages' source text (reStructuredText and MyST)."""

from __future__ import annotations

import textwrap

from example_blocks import block
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.execute.client.preload import (
    example_bodies,
    installed_imports,
    likely_imports,
)

RST = """\
Title
=====

.. code-block:: python

   import jinja2

.. apidiff-example::
   :requires: numpy

   import numpy as np
   from json import loads
   x = 1; import docutils

Text after it.

   .. apidiff-example::

      from numpy.linalg import norm
      import my_local_module
      from . import sibling
"""

MYST = """\
# Title

```python
import jinja2
```

````{apidiff-note} x

```{apidiff-example}
:side: left

import os.path, numpy as np
```

:::{apidiff-example}
from numpy import ndarray
:::
````

~~~~{apidiff-example}
```
~~~
import docutils.nodes
~~~~
"""


def test_bodies_are_the_directives_own_lines():
    bodies = list(example_bodies(RST))
    assert [b.strip().splitlines()[0] for b in bodies] == [
        ":requires: numpy",
        "from numpy.linalg import norm",
    ]
    assert "Text after it." not in bodies[0]
    assert "jinja2" not in "".join(bodies)  # another directive's code
    myst = list(example_bodies(MYST))
    assert [b.strip() for b in myst] == [
        ":side: left\n\nimport os.path, numpy as np",
        "from numpy import ndarray",
        "```\n~~~\nimport docutils.nodes",  # a shorter fence does not close a longer one
    ]


def test_a_fence_left_open_runs_to_the_end_of_the_page():
    assert list(example_bodies("```{apidiff-example}\nimport numpy\n")) == ["import numpy"]


def test_likely_imports_are_the_installed_packages_the_example_directives_import():
    # numpy, installed; not json (the standard library), my_local_module, a relative import,
    # jinja2 (another directive's code), nor docutils after a statement on its line (the
    # read pages' list has it: the warm process is then made again)
    assert likely_imports([RST]) == ["numpy"]
    assert likely_imports([MYST]) == ["docutils", "numpy"]
    assert likely_imports([RST.replace("apidiff-example", "code-block")]) == []
    assert likely_imports([]) == []


LINES = [
    "import numpy",
    "import numpy as np",
    "import os.path, jinja2 as j",
    "from json import loads",
    "from docutils.nodes import Node",
    "from . import x",
    "x = 1",
    "if x:\n    import jinja2",
    "",
    "print('import numpy')",
]


@given(
    st.lists(st.sampled_from(LINES), max_size=6),
    st.sampled_from(["rst", "```", "````", ":::", "~~~"]),
    st.booleans(),
)
def test_what_the_text_shows_is_what_the_read_page_imports(lines, form, options):
    """Imports at the start of a line: the guess from the text and the list from the read
    examples agree, whatever the directive's form and options."""
    code = "\n".join(lines) + "\n"
    head = ":requires: numpy\n:side: left\n\n" if options else ""
    if form == "rst":
        page = ".. apidiff-example::\n" + textwrap.indent(head + code, "   ") + "\nAfter.\n"
    else:
        page = f"{form}{{apidiff-example}}\n{head}{code}{form}\n\nimport docutils\n"
    assert likely_imports(["Title\n\n" + page]) == installed_imports([block(code)])
