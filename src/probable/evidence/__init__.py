"""Evidence with provenance: the facts about one subject, and what they indicate."""
