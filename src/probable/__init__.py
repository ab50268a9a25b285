"""Probable: immigration detainer review with evidence, law and a simulated world."""
