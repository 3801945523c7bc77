"""Identity: tenants, accounts and roles, credentials and sessions, signing keys,
pseudonyms, care relationships and consents."""
