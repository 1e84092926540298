"""The bundled firmware advisory catalog: data file, schema, version parsers, lookup."""
