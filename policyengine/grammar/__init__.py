"""The rule language's grammar (nsr.lark): data, read with importlib.resources."""
