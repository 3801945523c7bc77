"""Identity tests use the session-wide in-process identity from tests/conftest.py."""
