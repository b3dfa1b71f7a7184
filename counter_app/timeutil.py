"""Time zone and formats. Times are stored as ISO 8601 with the +07:00 offset."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

# Asia/Ho_Chi_Minh has had a fixed +07:00 offset since 1975 and no DST; a fixed offset avoids
# depending on tzdata being present on Windows counter PCs.
VN_TZ = timezone(timedelta(hours=7), name="+07:00")


def now() -> datetime:
    """Current time in Vietnam, second precision."""
    return datetime.now(VN_TZ).replace(microsecond=0)


def to_vn(dt: datetime) -> datetime:
    """Aware datetime converted to +07:00; a naive one is taken as Vietnam local time."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ)


def iso(dt: datetime) -> str:
    """ISO 8601 with offset, e.g. 2026-11-23T08:15:00+07:00."""
    return to_vn(dt).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    """Parse ISO 8601 (with or without offset; naive = Vietnam local time). Raises ValueError."""
    return to_vn(datetime.fromisoformat(text.strip()))


def wire(dt: datetime) -> str:
    """National sync format yyyyMMddHHmmss in Vietnam local time."""
    return to_vn(dt).strftime("%Y%m%d%H%M%S")


def vn_date(d: date | datetime) -> str:
    """dd/MM/yyyy as shown to people."""
    return d.strftime("%d/%m/%Y")


def vn_datetime(dt: datetime) -> str:
    """HH:mm dd/MM/yyyy as shown to people."""
    return to_vn(dt).strftime("%H:%M %d/%m/%Y")
