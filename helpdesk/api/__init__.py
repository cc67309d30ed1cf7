"""The REST API under /api/v1/: one module per resource, all built on helpdesk.api.base.ApiView."""
