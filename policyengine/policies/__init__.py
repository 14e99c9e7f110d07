"""The installed editions, the prelude and the shared library (policies/library): rule files, read as data."""
