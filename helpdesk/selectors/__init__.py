"""Every read the helpdesk makes, scoped to the caller."""
