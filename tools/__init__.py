"""Build, lock, packaging, lint and documentation tools of the project (never shipped in the artifact)."""
