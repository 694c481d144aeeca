"""docxtpl rendering of the three document kinds; number/date/heading formatting.

Importing a submodule (perfdoc.render.api …) makes Python set the attribute `perfdoc.render` to
this package, shadowing the public function perfdoc.render(). The package is therefore callable
with the same signature, so `perfdoc.render(kind, data, out, ...)` works whatever was imported.
"""
from __future__ import annotations

import sys
import types


class _CallablePackage(types.ModuleType):
    def __call__(self, kind, data, out, *, template=None, force=False, progress=None):
        from perfdoc.render.api import render

        return render(kind, data, out, template=template, force=force, progress=progress)


sys.modules[__name__].__class__ = _CallablePackage
