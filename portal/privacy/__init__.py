"""The privacy engine: the roles, the record of processing, erasure, the audit trail, private files,
and the forgetting that leaves no old copy behind (docs/operations.md has the threat models)."""
