"""What helps contributors: the guide and its gallery, the form (CMS), scaffolds, review."""
