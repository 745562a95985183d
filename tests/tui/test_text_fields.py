"""The keys that type in a text field (`?`, Escape) are told from the widget with the
cursor: every Textual text field counts, and nothing else does."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Input, MaskedInput, Static, TextArea

from hotspot_tui.tui.text_fields import is_text_field


def test_inputs_and_text_areas_are_text_fields() -> None:
    assert is_text_field(Input())
    assert is_text_field(MaskedInput(template="99:99"))
    assert is_text_field(TextArea())


def test_other_widgets_and_no_widget_are_not() -> None:
    for widget in (Static("x"), DataTable(), Button("OK"), None):
        assert not is_text_field(widget)
