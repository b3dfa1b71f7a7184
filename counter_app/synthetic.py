"""Reproducible synthetic Vietnamese dossiers for the demo, tests and benchmarks.

Names, addresses, ID numbers (consistent with birth year and sex) and phones look real but are
made up from a seeded random generator. ``intake_data`` goes through the real intake path;
``bulk_fill`` writes many rows fast for benchmarks, with the same tables and codes.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from . import outbox, search_index, statuses, timeutil
from .catalogue import Procedure

FAMILY = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
          ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1), ("Lý", 1)]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Đình", "Ngọc"]
MIDDLE_F = ["Thị", "Ngọc", "Thanh", "Thu", "Minh", "Hồng", "Phương", "Kim", "Mai", "Diệu"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Nam", "Phúc",
           "Quang", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh"]
GIVEN_F = ["Anh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai",
           "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Yến"]
HAMLETS = ["Thôn Đông", "Thôn Đoài", "Thôn Thượng", "Thôn Hạ", "Xóm Mới", "Thôn Yên Thịnh", "Thôn Phú Lộc",
           "Tổ dân phố 3", "Tổ dân phố 7", "Ấp Bình Hòa", "Ấp Tân Lập", "Khu phố Trung Tâm"]
STREETS = ["Đường Lê Lợi", "Đường Trần Hưng Đạo", "Đường Nguyễn Trãi", "Đường Hùng Vương", "Ngõ 12 Phố Chợ"]
COMMUNES = ["xã Yên Lạc", "xã Hòa Bình", "xã Tân Phong", "phường Đông Hưng", "xã Quảng Phú", "xã Ea Kar"]
PROVINCES = [("Tỉnh Phú Thọ", "025"), ("Tỉnh Thanh Hóa", "038"), ("Tỉnh Nghệ An", "040"),
             ("Thành phố Hà Nội", "001"), ("Tỉnh Đắk Lắk", "066"), ("Thành phố Hồ Chí Minh", "079")]


def _weighted(rng: random.Random, items: list[tuple[str, int]]) -> str:
    return rng.choices([i[0] for i in items], weights=[i[1] for i in items])[0]


def person(rng: random.Random, today: date | None = None) -> dict[str, Any]:
    today = today or date(2026, 11, 22)
    female = rng.random() < 0.52
    name = " ".join([
        _weighted(rng, FAMILY),
        rng.choice(MIDDLE_F if female else MIDDLE_M),
        rng.choice(GIVEN_F if female else GIVEN_M),
    ])
    birth = date(rng.randint(1945, 2006), rng.randint(1, 12), rng.randint(1, 28))
    province, pcode = rng.choice(PROVINCES)
    century = (birth.year // 100) - 19  # 1900s -> 0, 2000s -> 1
    sex_digit = century * 2 + (1 if female else 0)
    id_number = f"{pcode}{sex_digit}{birth.year % 100:02d}{rng.randint(0, 999_999):06d}"
    if rng.random() < 0.5:
        where = f"{rng.choice(HAMLETS)}, {rng.choice(COMMUNES)}, {province}"
    else:
        where = f"Số {rng.randint(1, 250)} {rng.choice(STREETS)}, {rng.choice(COMMUNES)}, {province}"
    phone = "0" + rng.choice(["9", "8", "3", "7", "5"]) + "".join(str(rng.randint(0, 9)) for _ in range(8))
    return {
        "full_name": name, "id_number": id_number, "birth_date": birth.isoformat(),
        "sex": "Nữ" if female else "Nam", "address": where,
        "phone": phone if rng.random() < 0.85 else "", "email": "",
    }


def intake_data(rng: random.Random, procedure: Procedure, received_at: datetime | None = None) -> dict[str, Any]:
    """Input for :func:`counter_app.intake.parse_request`, as a clerk would fill the form."""
    comps = []
    for c in procedure.components:
        if c.required or rng.random() < 0.4:
            certified = rng.choice([0, 0, 1, 2]) if procedure.fee_rule.get("kind") == "certified_copy_pages" else 0
            comps.append({
                "name": c.name, "originals": 0 if certified else 1, "copies": rng.choice([0, 0, 1]),
                "certified_copies": certified, "pages": rng.randint(1, 6),
            })
    if not comps:
        c = procedure.components[0]
        comps.append({"name": c.name, "originals": 1, "copies": 0, "certified_copies": 0, "pages": 1})
    data: dict[str, Any] = {
        "procedure_code": procedure.code,
        "channel": rng.choices([1, 3], weights=[92, 8])[0],
        "applicant": person(rng),
        "components": comps,
        "return_method": rng.choices(["counter", "post"], weights=[90, 10])[0],
        "note": "",
    }
    if received_at is not None:
        data["received_at"] = timeutil.iso(received_at)
    if rng.random() < 0.15:
        data["owner"] = person(rng)
    return data


def office_instants(rng: random.Random, days: list[date], per_day: int):
    """Receipt times within office hours for each day, in order."""
    for d in days:
        minutes = sorted(rng.randint(0, 8 * 60 - 1) for _ in range(per_day))
        for m in minutes:
            base = datetime(d.year, d.month, d.day, 7, 0, tzinfo=timeutil.VN_TZ)
            yield base + timedelta(minutes=m + (120 if m >= 270 else 0))


STATUS_MIX = [(statuses.RETURNED, 70), (statuses.RESOLVED, 6), (statuses.PROCESSING, 8), (statuses.RECEIVED, 6),
              (statuses.SUPPLEMENT, 3), (statuses.REFUSED, 2), (statuses.WITHDRAWN, 2), (statuses.STOPPED, 1),
              (statuses.PAYMENT, 2)]


# What the realistic fill (``bulk_fill(realistic=True)``) draws; docs/performance.md describes the shapes.
CHANNEL_MIX = [(1, 72), (2, 22), (3, 6)]
NEW_PERSON = 0.70  # share of dossiers whose applicant has not come before (~700k people for 1M dossiers)
RECENT_RETURN = 0.5  # of the returning applicants: back within the last ~2,000 people (weeks), else anyone
PAID_MIX = [("cash", 75), ("transfer", 8), ("online-dvcqg", 11), ("online-province", 6)]
SCANNED = 0.6  # dossiers with scanned components
QUEUE_DAYS = 5  # the last working days not yet acknowledged by the province (the sync queue)
RETENTION_DAYS = 365  # confirmed scans of closed dossiers older than this have left the PC (purged_at)
# status → the steps after intake (action, status after it), in order
STEPS = {
    statuses.RECEIVED: [],
    statuses.PROCESSING: [("handover", 4)],
    statuses.SUPPLEMENT: [("handover", 4), ("supplement", 5)],
    statuses.PAYMENT: [("handover", 4), ("obligation", 6)],
    statuses.RESOLVED: [("handover", 4), ("result-received", 9)],
    statuses.RETURNED: [("handover", 4), ("result-received", 9), ("return", 10)],
    statuses.REFUSED: [("refuse", 3)],
    statuses.WITHDRAWN: [("withdraw", 7)],
    statuses.STOPPED: [("handover", 4), ("stop", 8)],
}


def _fee_amount(p: Procedure, pages: int) -> int:
    rule = p.fee_rule or {}
    if rule.get("kind") == "fixed":
        return sum(int(i.get("amount") or 0) for i in rule.get("items", ()))
    if rule.get("kind") == "certified_copy_pages":
        first = int(rule.get("first_pages") or 2)
        amount = min(pages, first) * int(rule.get("first_page_rate") or 0)
        amount += max(0, pages - first) * int(rule.get("next_page_rate") or 0)
        return min(amount, int(rule.get("cap_per_copy") or amount))
    return 0


def bulk_fill(db: sqlite_utils.Database, procs: list[tuple[int, Procedure]], n: int, *, agency_code: str,
              station: int = 1, end: date = date(2026, 11, 20), per_day: int = 300, seed: int = 7,
              chunk: int = 20_000, progress=None, realistic: bool = False) -> int:
    """Insert ``n`` dossiers (with parties, components, history, search rows) quickly, on
    working days going back from ``end``. For benchmarks: bypasses the per-dossier transaction
    but writes the same rows the intake service writes. Returns the number inserted.

    ``realistic``: the data a counter's years of work leave (issue 16): ~70 % of the applicants
    new, the others returning (half of them within weeks); the three channels; each status's
    steps in the history, each with its hash-chained audit entry and its outbox row (sent and
    acknowledged, except the last ``QUEUE_DAYS`` working days, which wait in the queue); fees
    with how they were paid; scanned components as file and attachment rows (the files
    themselves are not written; confirmed scans older than ``RETENTION_DAYS`` of closed
    dossiers are marked as having left the PC). Without it: 5,000 people, channel 1, two
    history rows, no audit, outbox, fees or scans (the earlier benchmarks' data)."""
    if realistic:
        return _bulk_fill_realistic(db, procs, n, agency_code=agency_code, station=station, end=end,
                                    per_day=per_day, seed=seed, chunk=chunk, progress=progress)
    rng = random.Random(seed)
    days: list[date] = []
    d = end
    while len(days) * per_day < n:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    days.reverse()
    next_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers").fetchone()[0]) + 1
    mix = [m[0] for m in STATUS_MIX]
    weights = [m[1] for m in STATUS_MIX]
    people = [person(rng) for _ in range(5000)]
    inserted = 0
    rows_d, rows_p, rows_c, rows_h, rows_f = [], [], [], [], []
    seq_by_day: dict[str, int] = {}

    def flush() -> None:
        db.conn.execute("BEGIN")
        db.conn.executemany(
            "INSERT INTO dossiers (id, code, procedure_id, procedure_code, procedure_name, field, channel, status, "
            "received_at, due_at, original_due_at, finished_at, returned_at, return_method, sets_count, note, station, "
            "day, seq, register_book, register_line, applicant_name, owner_name, applicant_phone, received_by, "
            "received_by_name, receiving_unit, resolving_unit, fee_total, procedure_rules, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, '', '', 0, ?, ?)",
            rows_d,
        )
        db.conn.executemany(
            "INSERT INTO parties (dossier_id, role, full_name, id_number, birth_date, sex, address, phone, email) "
            "VALUES (?, 'applicant', ?, ?, ?, ?, ?, ?, '')", rows_p)
        db.conn.executemany(
            "INSERT INTO components (dossier_id, position, name, originals, copies, certified_copies, pages) "
            "VALUES (?, ?, ?, 1, 0, 0, ?)", rows_c)
        db.conn.executemany(
            "INSERT INTO history (dossier_id, status, action, at, actor_name, unit) VALUES (?, ?, ?, ?, ?, '')", rows_h)
        db.conn.executemany("INSERT INTO dossier_fts (rowid, body) VALUES (?, ?)", rows_f)
        db.conn.execute("COMMIT")
        for lst in (rows_d, rows_p, rows_c, rows_h, rows_f):
            lst.clear()

    rules_cache = {pid: json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) for pid, p in procs}
    for at in office_instants(rng, days, per_day):
        if inserted >= n:
            break
        pid, p = procs[rng.randrange(len(procs))]
        day = at.date().isoformat()
        seq = seq_by_day.get(day, 0) + 1
        seq_by_day[day] = seq
        code = f"{agency_code}-{at.strftime('%y%m%d')}-{station}{seq:03d}"
        due = at + timedelta(days=rng.choice([0, 1, 3, 5, 7]))
        status = rng.choices(mix, weights)[0]
        finished = timeutil.iso(due - timedelta(hours=rng.randint(-30, 40))) if status in (9, 10) else None
        returned = finished if status == 10 else None
        who = people[rng.randrange(len(people))]
        did = next_id + inserted
        at_iso, due_iso = timeutil.iso(at), timeutil.iso(due)
        rows_d.append((did, code, pid, p.code, p.name, p.field, 1, status, at_iso, due_iso, due_iso, finished,
                       returned, "counter", station, day, seq, f"{station}/{at.year}", seq_by_day[day],
                       who["full_name"], who["phone"], "Cán bộ mẫu", rules_cache[pid], at_iso))
        rows_p.append((did, who["full_name"], who["id_number"], who["birth_date"], who["sex"], who["address"], who["phone"]))
        rows_c.append((did, 1, p.components[0].name, rng.randint(1, 5)))
        rows_h.append((did, 2, "intake", at_iso, "Cán bộ mẫu"))
        if status != 2:
            rows_h.append((did, status, "sync-pull", finished or at_iso, "Tỉnh"))
        rows_f.append((did, search_index.body_for(code, [(who["full_name"], who["id_number"], who["phone"])])))
        inserted += 1
        if len(rows_d) >= chunk:
            flush()
            if progress:
                progress(inserted)
    if rows_d:
        flush()
    for day, last in seq_by_day.items():
        db.execute(
            "INSERT INTO sequences (name, last) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last = MAX(last, excluded.last)",
            [f"day:{day}:{station}", last],
        )
    return inserted


def _working_days(end: date, n: int, per_day: int) -> list[date]:
    days: list[date] = []
    d = end
    while len(days) * per_day < n:
        if d.weekday() < 5:
            days.append(d)
        d -= timedelta(days=1)
    days.reverse()
    return days


def _bulk_fill_realistic(db: sqlite_utils.Database, procs: list[tuple[int, Procedure]], n: int, *, agency_code: str,
                         station: int, end: date, per_day: int, seed: int, chunk: int, progress) -> int:
    import hashlib

    from . import audit

    rng = random.Random(seed)
    days = _working_days(end, n, per_day)
    queue_from = days[-QUEUE_DAYS].isoformat() if len(days) >= QUEUE_DAYS else days[0].isoformat()
    end_dt = datetime(end.year, end.month, end.day, 17, 0, tzinfo=timeutil.VN_TZ)
    purge_before = end - timedelta(days=RETENTION_DAYS)
    next_id = (db.execute("SELECT COALESCE(MAX(id), 0) FROM dossiers").fetchone()[0]) + 1
    row = db.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else audit.GENESIS
    digest = audit._digest_fast
    mix = [m[0] for m in STATUS_MIX]
    weights = [m[1] for m in STATUS_MIX]
    channels, ch_w = [c for c, _w in CHANNEL_MIX], [w for _c, w in CHANNEL_MIX]
    methods, m_w = [m for m, _w in PAID_MIX], [w for _m, w in PAID_MIX]
    clerks = [f"Cán bộ {g}" for g in ("An", "Bình", "Chi", "Dung", "Giang", "Hà")]
    units = ["Văn phòng UBND xã", "Công chức Tư pháp - Hộ tịch", "Công chức Địa chính", "Công chức Văn hóa - Xã hội"]
    people: list[dict[str, Any]] = []
    rules_cache = {pid: json.dumps(p.to_dict(), ensure_ascii=False, sort_keys=True) for pid, p in procs}
    rows: dict[str, list] = {k: [] for k in ("d", "p", "c", "h", "f", "fee", "file", "att", "out", "aud")}
    seq_by_day: dict[str, int] = {}
    inserted = 0

    def flush() -> None:
        nonlocal prev_hash
        # the audit chain in time order within the chunk
        rows["aud"].sort(key=lambda a: a[0])
        chained = []
        for at, actor, action, obj, details in rows["aud"]:
            h = digest(prev_hash, at, actor, action, obj, details)
            chained.append((at, actor, action, obj, details, prev_hash, h))
            prev_hash = h
        c = db.conn
        c.execute("BEGIN")
        c.executemany(
            "INSERT INTO dossiers (id, code, procedure_id, procedure_code, procedure_name, field, channel, status, "
            "received_at, due_at, original_due_at, finished_at, returned_at, return_method, sets_count, note, station, "
            "day, seq, register_book, register_line, applicant_name, owner_name, applicant_phone, received_by, "
            "received_by_name, receiving_unit, resolving_unit, fee_total, procedure_rules, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?, ?, ?, ?, ?, NULL, ?, NULL, ?, '', '', ?, ?, ?)",
            rows["d"])
        c.executemany(
            "INSERT INTO parties (dossier_id, role, full_name, id_number, birth_date, sex, address, phone, email) "
            "VALUES (?, 'applicant', ?, ?, ?, ?, ?, ?, '')", rows["p"])
        c.executemany(
            "INSERT INTO components (dossier_id, position, name, originals, copies, certified_copies, pages) "
            "VALUES (?, ?, ?, 1, 0, 0, ?)", rows["c"])
        c.executemany("INSERT INTO history (dossier_id, status, action, at, actor_name, unit) VALUES (?, ?, ?, ?, ?, ?)",
                      rows["h"])
        c.executemany("INSERT INTO dossier_fts (rowid, body) VALUES (?, ?)", rows["f"])
        # As the app does: the fee row is written unpaid with the dossier, the payment is an update
        # (the report tables count a fee collected on that update: reports/schema.py).
        c.executemany("INSERT INTO fees (dossier_id, position, name, type, amount, detail) VALUES (?, 1, ?, ?, ?, '')",
                      [r[:4] for r in rows["fee"]])
        c.executemany("UPDATE fees SET paid_method = ?, receipt_no = ?, receipt_date = ? WHERE dossier_id = ? "
                      "AND position = 1", [(*r[4:], r[0]) for r in rows["fee"] if r[4]])
        c.executemany("INSERT INTO files (sha256, size, mime, ext, pages, stored_at, remote_url, remote_confirmed_at, "
                      "purged_at) VALUES (?, ?, 'application/pdf', 'pdf', ?, ?, ?, ?, ?)", rows["file"])
        c.executemany("INSERT INTO attachments (dossier_id, component_position, sha256, filename, pages, created_at, "
                      "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)", rows["att"])
        outbox.insert_history(db, rows["out"])
        c.executemany("INSERT INTO audit (at, actor, action, object, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      chained)
        c.execute("COMMIT")
        for lst in rows.values():
            lst.clear()

    for at in office_instants(rng, days, per_day):
        if inserted >= n:
            break
        pid, p = procs[rng.randrange(len(procs))]
        day = at.date().isoformat()
        seq = seq_by_day.get(day, 0) + 1
        seq_by_day[day] = seq
        code = f"{agency_code}-{at.strftime('%y%m%d')}-{station}{seq:03d}"
        due = at + timedelta(days=rng.choice([0, 1, 3, 5, 7]))
        status = rng.choices(mix, weights)[0]
        channel = rng.choices(channels, ch_w)[0]
        finished_dt = due - timedelta(hours=rng.randint(-30, 40)) if status in (3, 7, 8, 9, 10) else None
        if finished_dt is not None:
            finished_dt = min(max(finished_dt, at + timedelta(minutes=30)), end_dt)
        finished = timeutil.iso(finished_dt) if status in (9, 10) else None
        returned = finished if status == 10 else None
        if people and rng.random() >= NEW_PERSON:
            if rng.random() < RECENT_RETURN:
                who = people[rng.randrange(max(0, len(people) - 2000), len(people))]
            else:
                who = people[rng.randrange(len(people))]
        else:
            who = person(rng)
            people.append(who)
        did = next_id + inserted
        clerk = clerks[rng.randrange(len(clerks))]
        actor = f"clerk:{clerk}"
        at_iso, due_iso = timeutil.iso(at), timeutil.iso(due)
        pages = rng.randint(1, 5)
        amount = _fee_amount(p, pages)
        rows["d"].append((did, code, pid, p.code, p.name, p.field, channel, status, at_iso, due_iso, due_iso, finished,
                          returned, "counter" if rng.random() < 0.9 else "post", station, day, seq,
                          f"{station}/{at.year}", seq, who["full_name"], who["phone"], clerk, amount,
                          rules_cache[pid], returned or finished or at_iso))
        rows["p"].append((did, who["full_name"], who["id_number"], who["birth_date"], who["sex"], who["address"],
                          who["phone"]))
        n_comp = min(len(p.components), rng.choice([1, 1, 2, 2, 3]))
        for pos in range(1, n_comp + 1):
            rows["c"].append((did, pos, p.components[pos - 1].name, pages if pos == 1 else rng.randint(1, 3)))
        rows["f"].append((did, search_index.body_for(code, [(who["full_name"], who["id_number"], who["phone"])])))
        queued = day >= queue_from
        # history, with an audit entry and an outbox row for each step
        steps = [("intake", 2, at)]
        span = ((finished_dt or (at + timedelta(days=rng.randint(1, 4)))) - at)
        for k, (action, st) in enumerate(STEPS[status]):
            # a finished dossier's last step is its end; an open one's steps stay before "now"
            m = len(STEPS[status]) if finished_dt else len(STEPS[status]) + 1
            when = at + span * (k + 1) / m
            steps.append((action, st, min(when, end_dt)))
        for k, (action, st, when) in enumerate(steps):
            w = timeutil.iso(when)
            unit = "" if k == 0 else units[rng.randrange(len(units))]
            rows["h"].append((did, st, action, w, clerk, unit))
            if k == 0:
                details = (f'{{"channel":{channel},"components":{n_comp},"procedure":"{p.code}"}}')
                rows["aud"].append((w, actor, "intake", code, details))
            else:
                rows["aud"].append((w, actor, "status", code, f'{{"action":"{action}","from":{steps[k - 1][1]},"to":{st}}}'))
            done = not queued and w[:10] < queue_from
            state = "done" if done else ("waiting-retry" if rng.random() < 0.02 else "pending")
            kind = "dossier" if k == 0 else "progress"
            sent = timeutil.iso(when + timedelta(minutes=rng.randint(1, 90))) if done else None
            rows["out"].append((kind, did, str(k), str(uuid.UUID(int=rng.getrandbits(128))),
                                state, 1 if done else 0, w, sent or w, sent, sent, '{"ok":true}' if done else None))
        if amount:
            method = rng.choices(methods, m_w)[0] if status in (2, 4, 5, 6, 9, 10) and rng.random() < 0.93 else None
            rows["fee"].append((did, "Phí, lệ phí", "phi", amount, method, f"BL{did}" if method else None,
                                day if method else None))
        if rng.random() < SCANNED:
            for pos in range(1, n_comp + 1):
                sha = hashlib.sha256(f"{seed}:{did}:{pos}".encode()).hexdigest()
                size = 350_000 * (pages if pos == 1 else 1) + rng.randint(0, 50_000)
                up = not queued
                closed = status in (3, 7, 8, 10)
                rows["file"].append((sha, size, pages, at_iso, f"https://dvc.example/files/{sha}" if up else None,
                                     timeutil.iso(at + timedelta(hours=1)) if up else None,
                                     timeutil.iso(end_dt) if up and closed and at.date() < purge_before else None))
                rows["att"].append((did, pos, sha, f"{pos:02d}.pdf", pages if pos == 1 else 1, at_iso, clerk))
                rows["out"].append(("file", did, sha, str(uuid.UUID(int=rng.getrandbits(128))),
                                    "pending" if queued else "done", 0 if queued else 1, at_iso, at_iso,
                                    None if queued else at_iso, None if queued else at_iso,
                                    None if queued else '{"ok":true}'))
        inserted += 1
        if len(rows["d"]) >= chunk:
            flush()
            if progress:
                progress(inserted)
    if rows["d"]:
        flush()
    for day, last in seq_by_day.items():
        db.execute(
            "INSERT INTO sequences (name, last) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last = MAX(last, excluded.last)",
            [f"day:{day}:{station}", last],
        )
    return inserted


def new_key() -> str:
    return str(uuid.uuid4())
