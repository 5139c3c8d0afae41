"""The request side of the floor: the role decorators, middleware, the visitor's address and language,
address parameters, the record form pages, one-time form keys, the rate limit and the public page cache."""
