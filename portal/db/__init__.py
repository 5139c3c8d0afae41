"""Model-layer basics shared by every app: safe integer lookups and the timestamp pair."""
