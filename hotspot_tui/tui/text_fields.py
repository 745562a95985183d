"""Whether a widget is a text field (where keys type rather than act), without importing
the text field modules a screen has not loaded: Textual's TextArea alone costs several
milliseconds to import, and the footer asks for each of its keys."""

from __future__ import annotations

import sys

from textual.widget import Widget

TEXT_FIELDS = (("textual.widgets._input", "Input"), ("textual.widgets._text_area", "TextArea"))


def is_text_field(widget: Widget | None) -> bool:
    """An Input or a TextArea (of a module not loaded yet, no widget can be one)."""
    if widget is None:
        return False
    for module_name, class_name in TEXT_FIELDS:
        module = sys.modules.get(module_name)
        if module is not None and isinstance(widget, getattr(module, class_name)):
            return True
    return False
