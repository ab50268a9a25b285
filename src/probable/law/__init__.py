"""The law as dated, cited rules: legal profiles, jurisdictions, hold clocks, `determine`."""
