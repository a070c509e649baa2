"""herald: news extraction microservice (entities, dated events, speaker attributions)."""

__version__ = "0.1.0"
