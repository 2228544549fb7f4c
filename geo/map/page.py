"""The safe page: how geostory puts text into HTML without any template reading it.

Every page geostory writes (story map, review page, corpus map) is built from these parts.
branca's ``MacroElement.render`` wraps each macro's output in a new ``Element(text)``, which
compiles that text as a Jinja template a second time: any ``{{ }}`` or ``{% %}`` in the data
would run. Our elements never take that path. Their macros are our own, fixed at import,
and their output goes into the page as :class:`Literal` text, which is never compiled.
User text (stop data, titles, chapter names) does not go through Jinja at all: it reaches a
page as JSON in a ``<script type="application/json">`` block, escaped by
:func:`to_script_json`, and set with ``textContent`` by our scripts; the ``<title>`` is
escaped by :func:`html_text`. ``tests/test_security.py`` checks that rendering a page
compiles no template.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from branca.element import Element, Figure, MacroElement

__all__ = [
    "Literal",
    "SafeMacroElement",
    "SafePage",
    "html_text",
    "script_safe",
    "style_safe",
    "to_script_json",
]

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b",
                   "}": "\\u007d", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_ESCAPED = re.compile("[<>&{}\u2028\u2029]")
# A JSON string token: quotes around anything but quotes and backslashes, or escapes.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def to_script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element of an HTML page.

    Inside strings, ``<``, ``>``, ``&``, ``{``, ``}`` and U+2028/U+2029 become ``\\u``
    escapes: ``</script>`` or ``<!--`` in the data cannot end the element, and no template
    syntax (``{{ }}``, ``{% %}``) appears in the page even if some tool later treats the
    page as a template. Structural braces stay as they are, so the text is still JSON that
    any parser reads back to the same value. Keys keep their order, so the same value gives
    the same text.

    >>> to_script_json({"summary": "</script><img src=x onerror=alert(1)>"})
    '{"summary":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    >>> to_script_json({"t": "{{ 7*7 }}"})
    '{"t":"\\\\u007b\\\\u007b 7*7 \\\\u007d\\\\u007d"}'
    >>> json.loads(to_script_json(["a & b\\u2028", {"k": "{%"}]))
    ['a & b\\u2028', {'k': '{%'}]
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_STRING.sub(_escape_json_string, text)


def _escape_json_string(match: re.Match[str]) -> str:
    return _SCRIPT_ESCAPED.sub(lambda c: _SCRIPT_ESCAPES[c.group()], match.group())


class Literal(Element):
    """Text that goes into the page exactly as given: never compiled as a template.

    >>> Literal("{{ 7*7 }}").render()
    '{{ 7*7 }}'
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Literal"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class SafeMacroElement(MacroElement):
    """A ``MacroElement`` whose ``header``, ``html`` and ``script`` macros are rendered once.

    The output is added to the page as :class:`Literal` text; branca's own ``render``
    would compile it again as a template (see the note above).
    """

    def render(self, **kwargs: Any) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"Expected {self._name} inside a page, instead got {figure!r}.")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Literal(str(macro(self, kwargs))),
                                                name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def html_text(text: str) -> str:
    """Text for an HTML element or attribute: markup characters and braces as references.

    >>> html_text("{{ 7*7 }} <b>")
    '&#123;&#123; 7*7 &#125;&#125; &lt;b&gt;'
    """
    escaped = html.escape(text)
    return escaped.translate({ord("{"): "&#123;", ord("}"): "&#125;", 0x2028: "&#8232;",
                              0x2029: "&#8233;"})


def _render_children(element: Element, **kwargs: Any) -> str:
    return "".join(str(child.render(**kwargs)) for child in element._children.values())


class SafePage(Figure):
    """The HTML document: language, character set, a viewport for phones, one script.

    Unlike folium's default figure it lets people zoom the page (accessibility) and puts
    the script inside ``<body>``. It is assembled in Python, not from a template, and its
    title is HTML-escaped here.
    """

    def __init__(self, title: str = "", lang: str = "en") -> None:
        super().__init__(title=title)
        self._name = "SafePage"
        self.lang = lang
        #: A JS condition the page script needs (``"window.L"``) and the code to run
        #: instead when it is false (a library that could not load): our own fixed code.
        self.script_guard: tuple[str, str] | None = None
        # folium's figure adds an http-equiv meta; ours declares the charset itself.
        self.header._children.clear()

    def render(self, **kwargs: Any) -> str:  # type: ignore[override]
        for child in self._children.values():
            child.render(**kwargs)
        script = _render_children(self.script, **kwargs)
        if self.script_guard is not None:
            condition, otherwise = self.script_guard
            script = f"if ({condition}) {{\n{script}\n}} else {{\n{otherwise}\n}}"
        return "".join([
            "<!DOCTYPE html>\n",
            f'<html lang="{html.escape(self.lang)}">\n',
            "<head>\n",
            '<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{html_text(self.title or '')}</title>\n",
            _render_children(self.header, **kwargs), "\n",
            "</head>\n",
            '<body class="gs-body">\n',
            _render_children(self.html, **kwargs), "\n",
            "<script>\n",
            script, "\n",
            "</script>\n",
            "</body>\n",
            "</html>\n",
        ])


def script_safe(code: str) -> str:
    """Library code inside ``<script>``: make sure nothing in it can close the element."""
    return code.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def style_safe(css: str) -> str:
    """A stylesheet inside ``<style>``: make sure nothing in it can close the element."""
    return css.replace("</style", "<\\/style")
