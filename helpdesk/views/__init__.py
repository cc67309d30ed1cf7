"""The agent web UI and the public web form: one module per screen."""
