from qt_backend import backend  # noqa: F401  (fixture)
from sync_fixtures import _sync_env, maker, server, station  # noqa: F401  (fixtures: the sync screens)
