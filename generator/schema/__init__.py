"""JSON Schema and JSON Pointer helpers every stage shares: pure functions over plain data.

``pointer`` resolves and escapes JSON Pointers; ``samples`` checks instances against schemas
and derives sample instances from them.
"""
