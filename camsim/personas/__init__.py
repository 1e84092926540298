"""One module per persona: `persona()` (ground truth) and `install(app, camera)` (routes)."""
