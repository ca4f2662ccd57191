"""One versioned open-data API across programs (/api/v1/).

Calls, notices, titles and zones come from several apps (cms, workflows, awards, brands); the
public and the press want them in one stable, documented place, with an OpenAPI schema, rather
than one ad-hoc JSON view per app. This app only reads, through selectors, and owns no models.
"""
