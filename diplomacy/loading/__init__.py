"""Loading the curated YAML fixtures: parsing (pure) apart from database writes."""
