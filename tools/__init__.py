"""Build, lock and lint tools of the project (never shipped in the artifact)."""
