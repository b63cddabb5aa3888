"""Read and check what contributors write: the schema, the files of projects/, their text."""
