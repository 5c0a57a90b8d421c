"""The records, each declared once; the registry's vocabulary; URLs; places."""
