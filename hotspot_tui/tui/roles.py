"""What the signed-in person's role may do, as the screens offer it.

A screen lists, beside its key bindings, the permission each action needs (`NEEDS`); an
action the role may not take is left out of the footer, the help and the command palette,
and its key does nothing. The services refuse it all the same if it is reached another way.
"""

from __future__ import annotations

from typing import Any, ClassVar

from hotspot_tui.domain.access import Permission


class RoleAware:
    """Mixed into a screen before `Screen`: hides the actions its role may not take."""

    NEEDS: ClassVar[dict[str, Permission]] = {}

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not permitted(self, action):
            return False
        return super().check_action(action, parameters)  # type: ignore[misc]  # a mixin: Screen follows


def permitted(node: Any, action: str) -> bool:
    """Whether the person may take `action` (a binding's action, parameters and all) on
    `node`'s screen."""
    needs = getattr(node, "NEEDS", {}).get(action.split("(", 1)[0])
    if needs is None:
        return True
    session = getattr(node.app, "session", None)
    return session is None or session.may(needs)


def who(session: Any) -> str:
    """The name, and the role in a file with accounts: the title bar's end."""
    return f"{session.actor} ({session.role})" if session.role is not None else session.actor
