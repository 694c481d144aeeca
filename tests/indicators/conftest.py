import pytest


@pytest.fixture(autouse=True)
def _no_local_conventions(tmp_path_factory, monkeypatch):
    """Tests see the shipped classifier, never a layer a developer learned with `library learn`."""
    monkeypatch.setenv("PERFDOC_CONVENTIONS", str(tmp_path_factory.mktemp("conv") / "conventions.json"))
