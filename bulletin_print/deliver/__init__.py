"""Deliver: build issues to files (one or a batch), and later volumes, imports and mail."""
