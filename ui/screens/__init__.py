"""One module per screen; each ``build(services, shared)`` returns a Screen."""
