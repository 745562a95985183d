"""The only code that speaks SQL: opening files, migrations, queries, the audit log.

sqlite-utils imports numpy whenever it is installed, only to store numpy's number types
(this app never hands it one). Shapely brings numpy along, and loading it with every
sqlite-utils would cost each command and app some 0.1-0.2 s and 18 MiB; so the store has
sqlite-utils loaded with numpy hidden from it (`_sqlite_utils_without_numpy`). Shapely
still loads numpy itself, when a polygon is read.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import importlib.abc
    import importlib.machinery


class _WithoutNumpy:
    """Finds `sqlite_utils.db` as usual and runs it with `numpy` unimportable, once. (A
    finder and loader by the methods it has: importing `importlib.abc` to subclass would
    cost every start some 3 ms.)"""

    NAME = "sqlite_utils.db"

    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> Any:
        if fullname != self.NAME:
            return None
        for finder in sys.meta_path:
            if finder is self:
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None and spec.loader is not None:
                self.inner: importlib.abc.Loader = spec.loader
                spec.loader = cast("importlib.abc.Loader", self)
                return spec
        return None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        hide = "numpy" not in sys.modules
        if hide:
            sys.modules["numpy"] = None  # type: ignore[assignment]  # an ImportError to sqlite-utils
        try:
            self.inner.exec_module(module)
        finally:
            if hide:
                del sys.modules["numpy"]
            sys.meta_path[:] = [f for f in sys.meta_path if f is not self]


if "sqlite_utils.db" not in sys.modules:
    sys.meta_path.insert(0, _WithoutNumpy())
