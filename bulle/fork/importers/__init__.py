"""Importers: turn another catalogue's files into Bulle projects (never outside projects/)."""
