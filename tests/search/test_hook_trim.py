"""Dropping one hook of an installed Datasette plugin (archiver.datasette.hook_trim)."""

from __future__ import annotations

import types

import pluggy

from archiver.datasette.hook_trim import without_hook

spec = pluggy.HookspecMarker("demo")
impl = pluggy.HookimplMarker("demo")


class Specs:
    @spec
    def cell(self, value: str) -> str: ...

    @spec
    def page(self) -> str: ...


def manager_with_plugin() -> tuple[pluggy.PluginManager, types.ModuleType]:
    plugin = types.ModuleType("some_plugin")

    @impl
    def cell(value: str) -> str:
        return f"cell {value}"

    @impl
    def page() -> str:
        return "page"

    plugin.cell, plugin.page = cell, page  # type: ignore[attr-defined]
    manager = pluggy.PluginManager("demo")
    manager.add_hookspecs(Specs)
    manager.register(plugin, "some")
    return manager, plugin


def test_the_named_hook_goes_and_the_others_stay() -> None:
    manager, plugin = manager_with_plugin()
    assert manager.hook.cell(value="x") == ["cell x"]
    assert without_hook(manager, "some", "cell")
    assert manager.hook.cell(value="x") == []
    assert manager.hook.page() == ["page"]
    stand_in = manager.get_plugin("some")
    assert stand_in is not plugin and stand_in.__name__ == "some_plugin"


def test_nothing_changes_for_a_missing_plugin_or_hook() -> None:
    manager, plugin = manager_with_plugin()
    assert not without_hook(manager, "absent", "cell")
    assert without_hook(manager, "some", "cell")
    assert not without_hook(manager, "some", "cell")  # loading the plugin module twice
    assert manager.hook.page() == ["page"]
