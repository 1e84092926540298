"""Protocol clients the vendor adapters and probes are built on."""
