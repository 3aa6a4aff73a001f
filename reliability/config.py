"""Settings: defaults, then a TOML file, then environment variables.

The file is the one given with `--config` or in `RELIABILITY_CONFIG`:

    timeout = 2.0                 # seconds each heuristic may take
    max_text_bytes = 2000000      # largest accepted text, UTF-8 bytes
    min_confidence = 0.2          # below this the overall score is withheld
    enable = ["hedging"]          # allow-list (omit to enable every heuristic)
    disable = ["loaded-language"]
    [weights]
    hedging = 2.0
    [options.hedging]             # passed to that heuristic as context.options
    some_option = 1

Environment variables override the file: `RELIABILITY_TIMEOUT`,
`RELIABILITY_MAX_TEXT_BYTES`, `RELIABILITY_MIN_CONFIDENCE`,
`RELIABILITY_ENABLE` and `RELIABILITY_DISABLE` (comma-separated names),
`RELIABILITY_WEIGHTS` (`name=weight,name=weight`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from reliability.aggregation import DEFAULT_MIN_CONFIDENCE
from reliability.document import DEFAULT_MAX_TEXT_BYTES
from reliability.errors import ConfigError

Seconds = Annotated[float, Meta(gt=0, le=3600)]


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Engine settings; see the module docstring for the file and environment forms."""

    timeout: Seconds = 2.0
    max_text_bytes: Annotated[int, Meta(gt=0)] = DEFAULT_MAX_TEXT_BYTES
    min_confidence: Annotated[float, Meta(ge=0, le=1)] = DEFAULT_MIN_CONFIDENCE
    enable: list[str] | None = None
    disable: list[str] = []
    weights: dict[str, Annotated[float, Meta(ge=0)]] = {}
    options: dict[str, dict[str, Any]] = {}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings given in environment variables, as raw values for validation."""
    out: dict[str, Any] = {}
    for key, field in (
        ("RELIABILITY_TIMEOUT", "timeout"),
        ("RELIABILITY_MAX_TEXT_BYTES", "max_text_bytes"),
        ("RELIABILITY_MIN_CONFIDENCE", "min_confidence"),
    ):
        if key in environ:
            try:
                out[field] = float(environ[key]) if field != "max_text_bytes" else int(environ[key])
            except ValueError:
                raise ConfigError(f"{key}={environ[key]!r} is not a number") from None
    if "RELIABILITY_ENABLE" in environ:
        out["enable"] = _split(environ["RELIABILITY_ENABLE"])
    if "RELIABILITY_DISABLE" in environ:
        out["disable"] = _split(environ["RELIABILITY_DISABLE"])
    if "RELIABILITY_WEIGHTS" in environ:
        out["weights"] = parse_weights(environ["RELIABILITY_WEIGHTS"], source="RELIABILITY_WEIGHTS")
    return out


def parse_weights(value: str, *, source: str) -> dict[str, float]:
    """Parse `name=weight,name=weight`, raising `ConfigError` naming `source`."""
    weights: dict[str, float] = {}
    for item in _split(value):
        name, sep, number = item.partition("=")
        try:
            if not sep or not name.strip():
                raise ValueError
            weights[name.strip()] = float(number)
        except ValueError:
            raise ConfigError(f"{source}: {item!r} is not name=weight") from None
    return weights


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read settings from `path` (or `RELIABILITY_CONFIG`) and the environment."""
    environ = os.environ if environ is None else environ
    path = path or environ.get("RELIABILITY_CONFIG") or None
    raw: dict[str, Any] = {}
    if path is not None:
        try:
            raw = msgspec.toml.decode(Path(path).read_bytes())
        except OSError as exc:
            raise ConfigError(f"cannot read configuration file {path}: {exc.strerror}") from None
        except msgspec.DecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    raw.update(_env_overrides(environ))
    try:
        return msgspec.convert(raw, Settings)
    except msgspec.ValidationError as exc:
        where = f"{path}: " if path else ""
        raise ConfigError(f"{where}invalid setting: {exc}") from None
