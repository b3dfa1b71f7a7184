"""``counter-app online list [--json]``, ``counter-app online show CODE [--json]`` and
``counter-app online receive|guide|refuse CODE [--json FILE]``: the online dossiers pulled from
the province (counter_app/online.py), with the same outcomes and JSON keys as ``intake``
(receive: the intake keys, each defaulting to the online dossier's; guide: ``reason`` and
``missing_items``; refuse: ``reason``). Bad input exits 2 with a Vietnamese message and writes
nothing. The outcome is queued for the province; ``counter-app sync`` sends it.
``counter-app online retry [CODE]`` makes the files not fetched yet (of one dossier, or all) due
at once; the next ``sync`` fetches them."""

from __future__ import annotations

import sys
from typing import Any

from counter_app.errors import UserError

ACTIONS = ("list", "show", "receive", "guide", "refuse", "retry")


def _item_json(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    out["submitted_at"] = item["submitted_at"].isoformat()
    if "files" in out:
        out["files"] = [{**f, "path": str(f["path"]) if f["path"] is not None else None} for f in item["files"]]
    return out


def cmd_online(args) -> int:
    from counter_app import online, search_index, timeutil
    from counter_app.accounts import cli_actor
    from .main import open_ready, parse_json, print_json, read_input

    if args.action not in ACTIONS:
        raise UserError(f"Thao tác không hợp lệ: \"{args.action}\". Chọn một trong: {', '.join(ACTIONS)}.")
    needs_code = args.action not in ("list", "retry")
    if needs_code and not args.code:
        raise UserError(f"Thao tác {args.action} cần mã hồ sơ trực tuyến: counter-app online {args.action} MÃ_HỒ_SƠ.")
    if args.action == "list" and args.code:
        raise UserError("counter-app online list không nhận mã hồ sơ.")
    if args.file and args.action not in ("receive", "guide", "refuse"):
        raise UserError("--json FILE chỉ dùng với receive, guide hoặc refuse (--format json để in JSON).")
    data: dict[str, Any] = {}
    if args.file:
        data = parse_json(read_input(args.file), "Dữ liệu hồ sơ")
        if not isinstance(data, dict):
            raise UserError("Dữ liệu hồ sơ phải là một đối tượng JSON.")
    db = open_ready(args)
    try:
        if args.action == "list":
            items = online.list_waiting(db)
            if args.format == "json":
                print_json([_item_json(i) for i in items])
                return 0
            if not items:
                print("Không có hồ sơ trực tuyến chờ tiếp nhận.")
            for i in items:
                late = "\tQUÁ HẠN" if i["overdue"] else ""
                print(f"{i['code']}\t{i['procedure_code']}\t{timeutil.vn_datetime(i['submitted_at'])}\t"
                      f"đã chờ {i['waited_hours']:g}/{i['limit_hours']:g} giờ làm việc\t"
                      f"tệp {i['files_ready']}/{i['files_total']}{late}")
            return 0
        if args.action == "retry":
            n = online.retry_files(db, args.code)
            print(f"{n} tệp sẽ được tải lại ở lần đồng bộ tới ('counter-app sync --once').")
            return 0
        if args.action == "show":
            item = online.get(db, args.code)
            if args.format == "json":
                print_json(_item_json(item))
            else:
                print(f"{item['code']}\t{item['procedure_code']} {item['procedure_name']}\t"
                      f"{online_state(item['state'])}")
                for f in item["files"]:
                    print(f"  {f['component_position']}\t{f['name']}\t{f['size']} byte\t{f['state']}")
            return 0
        actor = cli_actor()
        if args.action == "receive":
            saved = online.receive(db, args.code, data, actor)
            search_index.merge_step(db)  # the index's merge work, after the save (m023_syncp)
        else:
            slip = (online.guide if args.action == "guide" else online.refuse)(db, args.code, data, actor)
    finally:
        db.close()
    if args.action == "receive":
        print(saved.code)
        print(f"Đã tiếp nhận hồ sơ trực tuyến, hẹn trả {timeutil.vn_datetime(saved.due_at)}; in giấy tiếp nhận bằng "
              f"'counter-app print mau-01 --dossier {saved.code} --out FILE.pdf'.", file=sys.stderr)
        return 0
    print(slip.label)
    print(f"Chưa tiếp nhận hồ sơ trực tuyến: đã vào sổ phiếu số {slip.label}; in bằng "
          f"'counter-app print {slip.form_id} --slip {slip.label} --out FILE.pdf'.", file=sys.stderr)
    return 0


def online_state(state: str) -> str:
    from counter_app import online
    from counter_app.i18n import _

    return _(online.STATE_NAMES.get(state, state))


def register(sub) -> None:
    s = sub.add_parser("online", help="hồ sơ trực tuyến chờ tiếp nhận: list, show MÃ, receive|guide|refuse MÃ "
                                      "[--json FILE]")
    s.add_argument("action", metavar="THAO_TÁC", help="list, show, receive (tiếp nhận), guide (hướng dẫn bổ sung, "
                                                     "Mẫu 02), refuse (từ chối, Mẫu 03) hoặc retry (tải lại tệp)")
    s.add_argument("code", nargs="?", metavar="MÃ_HỒ_SƠ")
    s.add_argument("--json", dest="json_arg", nargs="?", const="", default=None, metavar="FILE",
                   help="receive/guide/refuse: dữ liệu như khi tiếp nhận (tệp JSON hoặc -); list/show: in JSON")
    s.set_defaults(func=_dispatch)


def _dispatch(args) -> int:
    # ``--json`` alone prints JSON (list, show); ``--json FILE`` gives the outcome's data.
    args.format = "json" if args.json_arg == "" else "text"
    args.file = args.json_arg or None
    if args.file and args.action in ("list", "show", "retry"):
        # ``online list --json FILE`` makes no sense; ``online show CODE --json`` reads CODE as
        # the code, so a value here is a mistake
        raise UserError(f"counter-app online {args.action} --json không nhận tệp (chỉ in JSON).")
    return cmd_online(args)
