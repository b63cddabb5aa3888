"""Bulle: the content core of a public intrapreneurship programme's site.

The core reads `projects/` and the programme file, validates them, groups the
content and renders pages and data as text. It never imports MkDocs: the
MkDocs hooks in `hooks/` only adapt it.
"""
