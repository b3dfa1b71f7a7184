"""Shared test data (importable: tests/ is on pytest's pythonpath)."""

STATION = {
    "agency_code": "000.00.06.H56",
    "agency_name": "Trung tâm Phục vụ hành chính công xã Yên Lạc",
    "province": "Tỉnh Phú Thọ",
    "place_name": "Yên Lạc",
    "station": 1,
    "admin_user": "admin",
    "admin_password": "matkhau-quan-tri",
    "admin_full_name": "Trần Thị Bình",
}


ID_PAPER = ("Giấy tờ tùy thân của người yêu cầu (xuất trình): thẻ Căn cước/Căn cước công dân, hộ chiếu "
            "hoặc giấy tờ khác có ảnh còn giá trị")


def required_components(procedure_code: str) -> list[dict]:
    """The required components (marked *) of a catalogue procedure, handed in: for tests that
    build their own component lists."""
    from counter_app import catalogue

    p = next(p for p in catalogue.load_seed_catalogue().procedures if p.code == procedure_code)
    return [{"name": c.name, "originals": 1, "copies": 0, "certified_copies": 0, "pages": 1}
            for c in p.components if c.required]


def sample_intake(**over) -> dict:
    data = {
        "procedure_code": "1.004873",
        "channel": 1,
        "received_at": "2026-11-20T09:00:00+07:00",
        "applicant": {
            "full_name": "Nguyễn Văn An", "id_number": "001099012345", "birth_date": "1999-01-15",
            "sex": "Nam", "address": "Thôn Đông, xã Yên Lạc, tỉnh Phú Thọ", "phone": "0912345678", "email": "",
        },
        "components": [
            {"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu", "originals": 1, "copies": 0,
             "certified_copies": 0, "pages": 1},
            # required too (marked * on the checklist): the ID paper shown at the counter
            {"name": ID_PAPER, "originals": 1, "copies": 0, "certified_copies": 0, "pages": 0},
        ],
        "return_method": "counter",
        "note": "",
    }
    data.update(over)
    return data
