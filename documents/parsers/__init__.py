"""One parser per format; :data:`PARSERS` in ``documents.registry`` maps kinds to them."""
