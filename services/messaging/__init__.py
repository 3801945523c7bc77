"""Messaging: conversations between a service user and their providers, and the
per-account notification feed fed by every service's events."""
