from qt_backend import backend  # noqa: F401  (fixture)
