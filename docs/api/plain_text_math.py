"""Read the docstrings' plain-text equations as text, not as reStructuredText markup.

The docstrings write equations in plain text, as jax-cosmo's do: ``|x - 1|`` is an absolute
value and ``z_-2`` a subscript, where reStructuredText would see a substitution and a link
target.  Before docutils reads a docstring, this escapes ``|`` and a word-final ``_`` in its
prose; literal text (````...````, roles, ``::`` blocks, doctests) and table or line-block
rows (lines starting with ``| ``, ``+-`` or ``+=``) are left as written.  Other markup errors still
fail the build.
"""

import re

_VERBATIM = re.compile(r"(``.+?``|:[\w:+-]+:`[^`]*`|`[^`]*`_{0,2})")
_PLAIN = re.compile(r"(?<!\\)\||(?<=\w)_(?![\w`])")


def _escape(text):
    pieces = _VERBATIM.split(text)
    pieces[::2] = [_PLAIN.sub(lambda match: "\\" + match.group(), piece) for piece in pieces[::2]]
    return "".join(pieces)


def escape_plain_math(lines):
    """The docstring's lines with the plain-text ``|`` and word-final ``_`` of its prose escaped."""
    block_indent = None
    out = []
    for line in lines:
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if block_indent is not None and stripped and indent <= block_indent:
            block_indent = None
        verbatim = block_indent is not None or stripped == "|" or stripped.startswith((">>>", "...", "| ", "+-", "+="))
        out.append(line if verbatim or not stripped else _escape(line))
        if block_indent is None and stripped.endswith("::"):
            block_indent = indent
    return out


def _process(app, what, name, obj, options, lines):
    lines[:] = escape_plain_math(lines)


def _skip_namedtuple_fields(app, what, name, obj, skip, options):
    # A NamedTuple's fields are documented by its docstring's Attributes section.
    if (getattr(obj, "__doc__", None) or "").startswith("Alias for field number"):
        return True
    return None


def setup(app):
    app.connect("autodoc-process-docstring", _process)
    app.connect("autodoc-skip-member", _skip_namedtuple_fields)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
