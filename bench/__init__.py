"""`./scripts/bench`: how fast and how light the engine audits a simulated fleet."""
