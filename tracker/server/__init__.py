"""The HTTP API and the page (`app`, `static/`)."""
