"""Where golive's built-in checks live, for the ``GL`` entry point.

The repository keeps them in the top-level ``checks/`` folder, the first place a reader looks. The
wheel ships that folder as ``golive.checks`` (never as a generic top-level ``checks`` package);
a checkout or editable install has no ``golive/checks``, so the folder beside the package is
mounted under the same name.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PACKAGE = "golive.checks"


def checks() -> list[ModuleType]:
    return list(_package().BUILTIN)


def _package() -> ModuleType:
    try:
        return importlib.import_module(PACKAGE)
    except ModuleNotFoundError as error:
        if error.name != PACKAGE:
            raise
    folder = Path(__file__).resolve().parent.parent / "checks"
    spec = importlib.util.spec_from_file_location(PACKAGE, folder / "__init__.py", submodule_search_locations=[str(folder)])
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"golive's built-in checks are missing: no {PACKAGE} and no {folder}", name=PACKAGE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = module
    spec.loader.exec_module(module)
    return module
