"""Wire shapes: the exact JSON GoChat clients send and receive, as msgspec structs.

One definition serves REST responses and event payloads. ``omit_defaults`` mirrors Go's
``omitempty``; fields Go always emits (even as null or 0) have no default here.
"""
