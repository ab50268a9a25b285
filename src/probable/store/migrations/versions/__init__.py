"""The case store's revisions, oldest first."""
