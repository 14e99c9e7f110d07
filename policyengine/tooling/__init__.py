"""Tools for policy writers: policy tests (`nsr test`), coverage, the formatter, editor support."""
