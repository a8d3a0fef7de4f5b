"""The portal's JSON API described as OpenAPI 3.1 (django-ninja), served at `/api/schema/`."""
