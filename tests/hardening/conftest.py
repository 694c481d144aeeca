"""Fixtures for the hardening tests."""
from __future__ import annotations

import pytest


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    from perfdoc.web.app import create_app

    with TestClient(create_app()) as c:
        yield c
