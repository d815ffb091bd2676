"""Take one hook away from an installed Datasette plugin, keeping its others.

datasette-dashboards needs datasette-render-markdown for the notes on its dashboards, and
that plugin also answers `render_cell` for every string cell of every table, looking up its
configuration each time (to convert `*_markdown` columns, which the archive does not have).
Measured on a page of 100 articles: 128 ms with that hook, 60 ms without, same HTML.
Its `columns` and `patterns` settings, which only that hook reads, have no effect then.
"""

from __future__ import annotations

import types
from typing import Any


def without_hook(plugins: Any, plugin_name: str, hook: str) -> bool:
    """Re-register `plugin_name` in the plugin manager `plugins` with every hook but `hook`.

    The stand-in is a module object of the same `__name__`, so Datasette still finds the
    plugin's templates and static files, and it takes over the plugin's package record, so
    /-/plugins still names it with its version. Returns whether the plugin was installed and
    had that hook (False: nothing changed).
    """
    plugin = plugins.get_plugin(plugin_name)
    if plugin is None:
        return False
    callers = plugins.get_hookcallers(plugin) or []
    if hook not in {caller.name for caller in callers}:
        return False
    stand_in = types.ModuleType(plugin.__name__)
    stand_in.__doc__ = plugin.__doc__
    for caller in callers:
        if caller.name == hook:
            continue
        for implementation in caller.get_hookimpls():
            if implementation.plugin is plugin:
                setattr(stand_in, caller.name, implementation.function)
    packages = [package for registered, package in plugins.list_plugin_distinfo() if registered is plugin]
    plugins.unregister(plugin)
    plugins.register(stand_in, plugin_name)
    # pluggy offers no call to record a package for a plugin registered by hand (1.7 keeps them here)
    recorded = getattr(plugins, "_plugin_distinfo", None)
    if isinstance(recorded, list):
        recorded.extend((stand_in, package) for package in packages)
    return True
