"""Loading plugins and keeping the registry of heuristics they register.

Every heuristic, built-in or third-party, arrives the same way: a module found
through the `reliability` entry-point group implements `register_heuristics`
and calls `register(...)`. The core validates what it receives, stamps the
plugin (distribution) that registered it, and refuses name collisions and
dependency cycles. A plugin that fails to import or to register costs only
its own heuristics: the failure is recorded as a `PluginProblem`.

Each heuristic's configured options (`[options.<name>]`) are validated against
its `options` Struct once the plugins are loaded (`validate_options`): an
unknown key or a bad value stops start-up with a `ConfigError` naming the
heuristic and the key, rather than failing later during scoring.
"""

from __future__ import annotations

import gc
import graphlib
import logging
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec
import pluggy

from reliability import hookspecs
from reliability.distributions import EntryPoint, entry_points
from reliability.errors import ConfigError, PluginError
from reliability.heuristic import Heuristic, NoOptions, valid_budget
from reliability.version import DISTRIBUTION

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "reliability"
# The distribution that ships the core and the built-in heuristics (the import
# package is `reliability`; that name on PyPI belongs to an unrelated project).
CORE_DISTRIBUTION = DISTRIBUTION
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class PluginProblem(msgspec.Struct, frozen=True, kw_only=True):
    """A plugin or heuristic that could not be loaded, and why."""

    plugin: str
    message: str


class Registered(msgspec.Struct, frozen=True, kw_only=True):
    """A heuristic with the plugin that registered it.

    `options_type` is its options Struct (`NoOptions` when it declares none);
    `budget` its own CPU-time budget in seconds, or None for the configured
    `timeout` (the engine's runner reads it through `Engine.budget`).
    """

    heuristic: Any
    plugin: str
    plugin_version: str
    options_type: Any = NoOptions
    budget: float | None = None


class Registry:
    """The heuristics every loaded plugin registered, by name, in registration order."""

    def __init__(self) -> None:
        self.heuristics: dict[str, Registered] = {}
        self.problems: list[PluginProblem] = []

    def add(self, heuristic: Any, plugin: str, plugin_version: str) -> None:
        """Validate and add one heuristic; raise `PluginError` when it is refused."""
        _validate(heuristic, plugin)
        name = heuristic.name
        if name in self.heuristics:
            other = self.heuristics[name].plugin
            raise PluginError(
                f"heuristic {name!r} from plugin {plugin!r} refused: the name is already "
                f"registered by plugin {other!r}"
            )
        budget = getattr(heuristic, "budget", None)
        self.heuristics[name] = Registered(
            heuristic=heuristic,
            plugin=plugin,
            plugin_version=plugin_version,
            options_type=getattr(heuristic, "options", None) or NoOptions,
            budget=float(budget) if budget is not None else None,
        )

    def refuse_cycles(self) -> None:
        """Remove heuristics whose `requires` form a cycle, recording why."""
        while True:
            graph = {
                name: [d for d in reg.heuristic.requires if d in self.heuristics]
                for name, reg in self.heuristics.items()
            }
            try:
                graphlib.TopologicalSorter(graph).prepare()
                return
            except graphlib.CycleError as exc:
                cycle: list[str] = list(dict.fromkeys(exc.args[1]))
                path = " -> ".join([*cycle, cycle[0]])
                for name in cycle:
                    reg = self.heuristics.pop(name)
                    self.problems.append(
                        PluginProblem(
                            plugin=reg.plugin,
                            message=f"heuristic {name!r} refused: dependency cycle {path}",
                        )
                    )


def _validate(heuristic: Any, plugin: str) -> None:
    """Check that a registered object has what the engine relies on."""
    if isinstance(heuristic, type):
        raise PluginError(
            f"plugin {plugin!r} registered the class {heuristic.__name__}, not an instance"
        )
    name = getattr(heuristic, "name", None)
    if not isinstance(name, str) or not _NAME_RE.match(name) or len(name) > 64:
        raise PluginError(
            f"plugin {plugin!r} registered a heuristic with invalid name {name!r}: use "
            "lower-case words joined by hyphens"
        )
    checks = [
        (isinstance(getattr(heuristic, "version", None), str), "a string version"),
        (isinstance(getattr(heuristic, "description", None), str), "a string description"),
        (
            isinstance(getattr(heuristic, "default_weight", None), int | float)
            and heuristic.default_weight >= 0,
            "a non-negative default_weight",
        ),
        (
            isinstance(getattr(heuristic, "requires", None), tuple | list)
            and all(isinstance(r, str) for r in heuristic.requires),
            "requires as a tuple of heuristic names",
        ),
        (isinstance(getattr(heuristic, "cross_document", None), bool), "a bool cross_document"),
        (callable(getattr(heuristic, "evaluate", None)), "an evaluate() method"),
        (
            getattr(heuristic, "publishes", None) is None
            or isinstance(getattr(heuristic, "publishes", None), type),
            "publishes as a type or None",
        ),
        (
            valid_budget(getattr(heuristic, "budget", None)),
            "budget as None or a number of seconds above 0 and at most 3600",
        ),
    ]
    for ok, what in checks:
        if not ok:
            raise PluginError(f"heuristic {name!r} from plugin {plugin!r} needs {what}")
    if type(heuristic).evaluate is Heuristic.evaluate:
        raise PluginError(f"heuristic {name!r} from plugin {plugin!r} does not define evaluate()")
    _validate_options_type(heuristic, name, plugin)


def _validate_options_type(heuristic: Any, name: str, plugin: str) -> None:
    """An options Struct that refuses unknown keys and has a default for every field."""
    kind = getattr(heuristic, "options", None) or NoOptions
    where = f"heuristic {name!r} from plugin {plugin!r}"
    if not (isinstance(kind, type) and issubclass(kind, msgspec.Struct)):
        raise PluginError(f"{where} needs options as a msgspec.Struct subclass")
    if not kind.__struct_config__.forbid_unknown_fields:
        raise PluginError(
            f"{where}: its options Struct {kind.__name__} must set forbid_unknown_fields=True"
        )
    try:
        msgspec.convert({}, kind)
    except msgspec.ValidationError as exc:
        raise PluginError(
            f"{where}: every field of its options Struct {kind.__name__} needs a default ({exc})"
        ) from None


def validate_options(
    registry: Registry, configured: Mapping[str, Mapping[str, Any]]
) -> dict[str, msgspec.Struct]:
    """Each installed heuristic's options, validated against its options Struct.

    Raises `ConfigError` naming the heuristic and the key for an unknown key
    or a bad value. Options for a heuristic that is not installed are left
    aside with a warning (the plugin may be uninstalled or not allowed here).
    """
    for name in sorted(set(configured) - set(registry.heuristics)):
        log.warning("options given for %r, which is not an installed heuristic", name)
    validated: dict[str, msgspec.Struct] = {}
    for name, reg in registry.heuristics.items():
        raw = configured.get(name, {})
        if not isinstance(raw, Mapping):
            raise ConfigError(f"options.{name} must be a table of options, not {raw!r}")
        try:
            # strict=False lets environment strings and TOML dates fill typed fields.
            validated[name] = msgspec.convert(dict(raw), reg.options_type, strict=False)
        except msgspec.ValidationError as exc:
            raise ConfigError(
                f"invalid options for heuristic {name!r} (options.{name}): {_located(exc, name)}"
            ) from None
    return validated


def _located(exc: msgspec.ValidationError, name: str) -> str:
    """msgspec's message with its `$` path written as the settings key."""
    return str(exc).replace("`$.", f"`options.{name}.").replace("`$`", f"`options.{name}`")


def _allowed_plugins() -> set[str] | None:
    """The allow-list from RELIABILITY_LOAD_PLUGINS, or None when it is unset.

    Set it to a comma-separated list of entry-point or distribution names to
    load only those; set it empty to load no entry-point plugins at all.
    """
    value = os.environ.get("RELIABILITY_LOAD_PLUGINS")
    if value is None:
        return None
    return {part.strip() for part in value.split(",") if part.strip()}


def _entry_points() -> list[EntryPoint]:
    """Entry points of the group: the core distribution's own first, then by distribution
    and name."""
    seen: set[tuple[str, str]] = set()
    unique = []
    # The same plugin can be visible twice (for example on PYTHONPATH and in
    # site-packages); the first on sys.path wins, as it would for an import.
    for ep in entry_points(ENTRY_POINT_GROUP):
        ident = (ep.name, ep.value)
        if ident not in seen:
            seen.add(ident)
            unique.append(ep)
    return sorted(
        unique, key=lambda ep: (0 if ep.dist == CORE_DISTRIBUTION else 1, ep.dist, ep.name)
    )


def new_plugin_manager() -> pluggy.PluginManager:
    """A plugin manager with the hook specifications and the core's own defaults."""
    from reliability import aggregation

    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    pm.register(aggregation, name="reliability.aggregation")
    return pm


def load_entry_points(
    pm: pluggy.PluginManager, problems: list[PluginProblem]
) -> dict[str, tuple[str, str]]:
    """Import and register every allowed entry-point plugin.

    Returns, for each registered plugin name, its (distribution, version).
    Import failures are recorded in `problems` instead of raised.
    """
    allowed = _allowed_plugins()
    origins: dict[str, tuple[str, str]] = {}
    for ep in _entry_points():
        dist_name, dist_version = ep.dist, ep.version
        if allowed is not None and ep.name not in allowed and dist_name not in allowed:
            continue
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
            pm.register(plugin, name=ep.name)
        except Exception as exc:  # a broken plugin must not stop the others
            problems.append(
                PluginProblem(
                    plugin=dist_name, message=f"failed to load: {type(exc).__name__}: {exc}"
                )
            )
            continue
        origins[ep.name] = (dist_name, dist_version)
    return origins


def collect_heuristics(
    pm: pluggy.PluginManager, origins: dict[str, tuple[str, str]], registry: Registry
) -> None:
    """Call each plugin's `register_heuristics` on its own, so one failure stays contained."""
    # get_hookimpls() lists implementations in registration order (pluggy calls
    # them in reverse), which is the stable order users see.
    for impl in pm.hook.register_heuristics.get_hookimpls():
        plugin, version = origins.get(
            impl.plugin_name,
            (impl.plugin_name, str(getattr(impl.plugin, "__version__", "unknown"))),
        )

        def register(heuristic: Any, _plugin: str = plugin, _version: str = version) -> None:
            # A refused heuristic is recorded, and the plugin's others still register.
            try:
                registry.add(heuristic, _plugin, _version)
            except PluginError as exc:
                registry.problems.append(PluginProblem(plugin=_plugin, message=str(exc)))

        try:
            impl.function(*[{"register": register}[arg] for arg in impl.argnames])
        except Exception as exc:
            registry.problems.append(
                PluginProblem(
                    plugin=plugin,
                    message=f"register_heuristics failed: {type(exc).__name__}: {exc}",
                )
            )
    for problem in registry.problems:
        log.warning("%s: %s", problem.plugin, problem.message)


def load_registry(
    pm: pluggy.PluginManager | None = None,
    *,
    entry_points: bool = True,
    plugins: Iterable[Any] = (),
) -> tuple[pluggy.PluginManager, Registry]:
    """Build the plugin manager and registry.

    `entry_points=False` skips installed plugins (tests use it with `plugins`,
    objects or modules to register directly).
    """
    pm = pm or new_plugin_manager()
    registry = Registry()
    origins: dict[str, tuple[str, str]] = {}
    if entry_points:
        # Importing the plugins makes many objects and frees few, so the cyclic
        # collector's passes meanwhile find little and only cost time; it is held
        # off while they load (unless the caller already turned it off).
        paused = gc.isenabled()
        gc.disable()
        try:
            origins.update(load_entry_points(pm, registry.problems))
        finally:
            if paused:
                gc.enable()
    for plugin in plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        if pm.get_plugin(name) is not None:
            name = f"{name}-{id(plugin)}"
        pm.register(plugin, name=name)
    collect_heuristics(pm, origins, registry)
    registry.refuse_cycles()
    return pm, registry
