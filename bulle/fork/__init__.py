"""What a new city needs: a programme of its own, imports, and which files are the template's."""
