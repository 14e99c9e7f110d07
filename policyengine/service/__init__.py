"""`nsr serve`: the engine over HTTP (a JSON API under /v1) and as web pages, for a caseload."""
