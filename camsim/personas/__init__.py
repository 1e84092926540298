"""One module per persona: where its identity comes from, and its vendor routes.

Every persona's ground truth is one table in personas.toml (see camsim/persona.py).
"""
