"""The city's programme file: identity, look, licence, language and vocabularies."""
