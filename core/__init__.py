"""Shared helpers that belong to no single app (plain Python, no models)."""
