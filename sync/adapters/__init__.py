"""Adapters: how the engine speaks to a province's system, and which one a station uses.

- :mod:`.base`: the :class:`Adapter` interface, its data classes and helpers adapters share;
- :mod:`.reference`: the documented contract (docs/sync-protocol.md), the default;
- :mod:`.lgsp`: a national LGSP gateway (login, ``DongBoHoSoMC``/``CapNhatTienDoHoSoMC``/``TraCuuHoSo``);
- :mod:`.three_url`: a gateway of three configured URLs (create, update, progress);
- :mod:`.national`: what the two gateway adapters share (the DTO shape, error codes, files).

A station picks its adapter by name in the sync settings (``adapter``, set by
``counter-app sync-setup --adapter NAME``; default ``reference``). A second province's adapter
is a new module here, subclassing :class:`Adapter`, added to :data:`ADAPTERS`.
"""

from __future__ import annotations

from typing import Any

from counter_app.errors import UserError
from counter_app.i18n import _

from .base import ATTENTION, DONE, RETRY, Adapter, FileJob, FileResult, Item, ItemResult, PullPage
from .lgsp import LgspAdapter
from .reference import ReferenceAdapter
from .three_url import ThreeUrlAdapter

DEFAULT = ReferenceAdapter.name

ADAPTERS: dict[str, type[Adapter]] = {
    ReferenceAdapter.name: ReferenceAdapter,
    LgspAdapter.name: LgspAdapter,
    ThreeUrlAdapter.name: ThreeUrlAdapter,
}

__all__ = [
    "ADAPTERS", "ATTENTION", "DEFAULT", "DONE", "RETRY", "Adapter", "FileJob", "FileResult", "Item", "ItemResult",
    "PullPage", "adapter_for", "get_adapter",
]


def get_adapter(name: str) -> Adapter:
    """A new adapter by its registered name; a clear message for an unknown one."""
    try:
        return ADAPTERS[name]()
    except KeyError:
        known = ", ".join(sorted(ADAPTERS))
        raise UserError(_(
            "Không có bộ chuyển đổi cho hệ thống tỉnh \"{name}\". Các bộ chuyển đổi hiện có: {known}."
        ).format(name=name, known=known)) from None


def adapter_for(cfg: Any, data_dir: Any = None) -> Adapter:
    """The adapter a station's sync settings name (``cfg.adapter``; ``reference`` when unset),
    bound to those settings and the data directory (where the station's secrets are)."""
    adapter = get_adapter(getattr(cfg, "adapter", None) or DEFAULT)
    adapter.bind(cfg, data_dir)
    return adapter
