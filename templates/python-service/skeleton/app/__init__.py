"""${{ values.name }}: an HTTP service created from the Preflight Python golden path."""

SERVICE = "${{ values.name }}"
