"""Schemathesis hooks for the contract test (loaded by ``SCHEMATHESIS_HOOKS``): tus PATCH bodies
(``application/offset+octet-stream``) go on the wire as raw bytes."""

import schemathesis


@schemathesis.serializer("application/offset+octet-stream")
def _tus_chunk(ctx, value):
    if isinstance(value, str):
        value = value.encode("utf-8")
    return {"data": bytes(value) if value is not None else b""}
