"""The HTTP face: routes (``routes.py``), request parsing (``documents.py``, ``validation.py``),
the batch function shared with the bulk command (``records.py``), NDJSON streams (``stream.py``),
RFC 9457 errors (``errors.py``), API keys and origins (``auth.py``), the OpenAPI document
(``openapi.py``) and Prometheus metrics (``metrics.py``).

It talks to the extraction pipeline only through :mod:`service.extract.contract` (it never
imports Stanza); :func:`service.app.create_app`, the composition root, wires the two.
"""
