"""The reference provincial system (``counter-app-provincial``): the documented sync contract,
its own SQLite store, tus uploads, a change feed, and fault injection on demand."""
