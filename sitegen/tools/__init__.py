"""Around the generator: CSV import, generated samples, YAML output, progress."""
