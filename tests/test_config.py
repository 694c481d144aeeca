import pytest

from perfdoc.config import Config, load_config
from perfdoc.errors import InputError


@pytest.mark.parametrize("score, grade", [(100, "优"), (90, "优"), (89.99, "良"), (80.0, "良"),
                                          (77.5, "中"), (60, "中"), (59.99, "差"), (0, "差")])
def test_default_grades(score, grade):
    assert Config().grade(score) == grade


def test_grades_configurable(tmp_path, monkeypatch):
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text('[grades]\n"优" = 95\n"良" = 85\n"中" = 70\n"差" = 0\n', encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    assert load_config().grade(90) == "良"


def test_bad_config_names_file(tmp_path, monkeypatch):
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text("[precision]\namount = \"two\"\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    with pytest.raises(InputError) as exc:
        load_config()
    assert "perfdoc.toml" in str(exc.value) and "precision.amount" in str(exc.value)
