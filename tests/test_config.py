import pytest

from reliability import ConfigError
from reliability.config import Settings, load_settings


def test_defaults():
    s = load_settings(environ={})
    assert (s.timeout, s.max_text_bytes, s.enable, s.disable) == (2.0, 2_000_000, None, [])


def test_file_then_environment(tmp_path):
    path = tmp_path / "reliability.toml"
    path.write_text(
        'timeout = 0.5\ndisable = ["a"]\n[weights]\nhedging = 2.5\n[options.hedging]\nx = 1\n'
    )
    s = load_settings(path, environ={})
    assert (s.timeout, s.disable, s.weights, s.options) == (
        0.5,
        ["a"],
        {"hedging": 2.5},
        {"hedging": {"x": 1}},
    )
    env = {
        "RELIABILITY_TIMEOUT": "3",
        "RELIABILITY_DISABLE": "b, c",
        "RELIABILITY_ENABLE": "hedging",
        "RELIABILITY_WEIGHTS": "hedging=0.5,x=1",
    }
    s = load_settings(path, environ=env)
    assert (s.timeout, s.disable, s.enable, s.weights) == (
        3.0,
        ["b", "c"],
        ["hedging"],
        {"hedging": 0.5, "x": 1.0},
    )
    assert load_settings(environ={"RELIABILITY_CONFIG": str(path)}).timeout == 0.5


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        ("timeout = -1", {}, "invalid setting"),
        ("colour = 1", {}, "unknown field `colour`"),
        ("timeout = [", {}, "invalid TOML"),
        ("", {"RELIABILITY_TIMEOUT": "soon"}, "RELIABILITY_TIMEOUT='soon' is not a number"),
        ("", {"RELIABILITY_WEIGHTS": "hedging"}, "not name=weight"),
        ("[weights]\nhedging = -2", {}, "invalid setting"),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path, content, env, message):
    path = tmp_path / "c.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(path, environ=env)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read configuration file"):
        load_settings(tmp_path / "absent.toml", environ={})


def test_settings_struct_is_usable_directly():
    assert Settings(timeout=1.0).timeout == 1.0
