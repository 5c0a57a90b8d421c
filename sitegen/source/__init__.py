"""Reading the registry: load, validate, model, identity, registry."""
