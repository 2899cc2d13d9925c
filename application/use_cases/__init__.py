"""One module per use case: a command struct, a handler, and the rules it enforces."""
