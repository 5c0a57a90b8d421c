"""Reading YAML, Markdown and site.yaml with line marks, validating, identity, linking."""
