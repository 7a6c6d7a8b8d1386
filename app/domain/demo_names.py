"""Word lists for the synthetic demonstration commune (see :mod:`app.services.demo`).

Everything here is made up for demonstrations and tests: no list describes a real place, unit or
person. The lists aim to *look* like the registry of a mountain commune in Sơn La (Thái, Mông,
Kinh, Mường, Khơ Mú, Dao and a few Tày households), so that sorting, searching, duplicate checks,
name splitting and reports meet realistic Vietnamese text.

Weighted lists are tuples of ``(value, weight)``; the weights are rough shares, not statistics.
Ethnic groups are keyed by their official name as in ``ethnic-groups.csv`` ("Thái", "Khơ Mú");
:mod:`app.services.demo` maps them to codes with :func:`app.domain.reference.ethnic_groups`.
All strings are NFC (checked by the tests).
"""

from __future__ import annotations

Weighted = tuple[tuple[str, int], ...]

# --- Family names (họ) per ethnic group --------------------------------------------------------------

FAMILY_NAMES: dict[str, Weighted] = {
    "Kinh": (
        ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Vũ", 4), ("Đặng", 2),
        ("Bùi", 2), ("Đỗ", 2), ("Hồ", 1), ("Ngô", 1), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Phan", 2),
        ("Trịnh", 1), ("Đào", 1), ("Mai", 1), ("Tạ", 1), ("Lương", 1),
    ),
    "Thái": (
        ("Lò", 20), ("Lường", 12), ("Quàng", 10), ("Cầm", 9), ("Tòng", 8), ("Hoàng", 7), ("Vì", 6),
        ("Hà", 5), ("Lù", 4), ("Điêu", 4), ("Bạc", 3), ("Mè", 2), ("Sa", 2), ("Khoàng", 2), ("Lừ", 1),
        ("Lèo", 1),
    ),
    "Mông": (
        ("Giàng", 16), ("Sùng", 12), ("Vàng", 12), ("Lầu", 9), ("Mùa", 9), ("Thào", 9), ("Hạng", 7),
        ("Sồng", 6), ("Lý", 5), ("Vừ", 4), ("Cứ", 3), ("Hờ", 3), ("Tráng", 2), ("Chá", 2), ("Hầu", 1),
    ),
    "Tày": (
        ("Hoàng", 20), ("Nông", 15), ("Lục", 8), ("Ma", 8), ("Bế", 7), ("Lương", 7), ("Hà", 6),
        ("Triệu", 5), ("Đàm", 4), ("Lưu", 4), ("Nguyễn", 6),
    ),
    "Mường": (
        ("Bùi", 30), ("Đinh", 25), ("Quách", 10), ("Hà", 10), ("Xa", 6), ("Cao", 5), ("Bạch", 4),
        ("Hoàng", 5),
    ),
    "Dao": (
        ("Triệu", 25), ("Bàn", 20), ("Đặng", 15), ("Lý", 12), ("Chảo", 10), ("Phùng", 8), ("Tẩn", 6),
    ),
    "Khơ Mú": (
        ("Lò", 25), ("Quàng", 20), ("Vi", 15), ("Lường", 12), ("Tòng", 10), ("Cà", 8), ("Lù", 5),
    ),
}

# --- Middle names (chữ đệm) per ethnic group, sex and generation ------------------------------------
# "old": born before 1985; "young": born 1985 or later. Minority groups keep their own forms
# (Mông men "A", Dao women "Mùi"/"Tả"), while the young generation also borrows Kinh forms.

MIDDLE_NAMES: dict[str, dict[str, Weighted]] = {
    "Kinh": {
        "M_old": (("Văn", 60), ("Đức", 10), ("Minh", 8), ("Quang", 6), ("Hữu", 6), ("Xuân", 5), ("Công", 5)),
        "F_old": (("Thị", 85), ("Thu", 5), ("Thanh", 4), ("Ngọc", 3), ("Hồng", 3)),
        "M_young": (
            ("Văn", 25), ("Đức", 12), ("Minh", 12), ("Quang", 8), ("Tuấn", 6), ("Hoàng", 6), ("Gia", 8),
            ("Bảo", 6), ("Đăng", 5), ("Trung", 4), ("Nhật", 4), ("Anh", 4),
        ),
        "F_young": (
            ("Thị", 30), ("Ngọc", 12), ("Thu", 10), ("Thanh", 8), ("Phương", 8), ("Khánh", 6), ("Bảo", 6),
            ("Minh", 6), ("Hoài", 5), ("Diệu", 4), ("Thảo", 5),
        ),
    },
    "Thái": {
        "M_old": (("Văn", 95), ("Đức", 5)),
        "F_old": (("Thị", 100),),
        "M_young": (("Văn", 80), ("Đức", 8), ("Minh", 6), ("Quang", 6)),
        "F_young": (("Thị", 85), ("Thu", 5), ("Ngọc", 5), ("Thanh", 5)),
    },
    "Mông": {
        "M_old": (("A", 85), ("Seo", 10), ("Văn", 5)),
        "F_old": (("Thị", 85), ("Mí", 15)),
        "M_young": (("A", 80), ("Văn", 15), ("Seo", 5)),
        "F_young": (("Thị", 90), ("Mí", 10)),
    },
    "Tày": {
        "M_old": (("Văn", 85), ("Đức", 10), ("Minh", 5)),
        "F_old": (("Thị", 95), ("Thu", 5)),
        "M_young": (("Văn", 55), ("Đức", 15), ("Minh", 15), ("Quang", 15)),
        "F_young": (("Thị", 65), ("Thu", 10), ("Ngọc", 10), ("Phương", 15)),
    },
    "Mường": {
        "M_old": (("Văn", 95), ("Đức", 5)),
        "F_old": (("Thị", 100),),
        "M_young": (("Văn", 75), ("Đức", 10), ("Minh", 15)),
        "F_young": (("Thị", 80), ("Thu", 10), ("Ngọc", 10)),
    },
    "Dao": {
        "M_old": (("Văn", 60), ("Phù", 15), ("Kim", 15), ("Tòn", 10)),
        "F_old": (("Thị", 55), ("Mùi", 25), ("Tả", 20)),
        "M_young": (("Văn", 75), ("Kim", 15), ("Phù", 10)),
        "F_young": (("Thị", 70), ("Mùi", 20), ("Tả", 10)),
    },
    "Khơ Mú": {
        "M_old": (("Văn", 100),),
        "F_old": (("Thị", 100),),
        "M_young": (("Văn", 100),),
        "F_young": (("Thị", 100),),
    },
}

# --- Given names (tên) ------------------------------------------------------------------------------

_KINH_MALE_OLD: Weighted = (
    ("Hùng", 6), ("Dũng", 6), ("Thắng", 5), ("Lợi", 3), ("Bình", 5), ("Hòa", 4), ("Chiến", 4),
    ("Thành", 5), ("Minh", 5), ("Đức", 5), ("Hải", 5), ("Quang", 3), ("Tuấn", 5), ("Sơn", 5),
    ("Trường", 3), ("Cường", 4), ("Hưng", 4), ("Toàn", 3), ("Tý", 1), ("Sửu", 1), ("Tiến", 4),
    ("Long", 3), ("Nam", 3), ("Thanh", 3), ("Phúc", 2), ("Việt", 2), ("Trung", 3), ("Khánh", 2),
    ("Quý", 2), ("Thủy", 1),
)
_KINH_FEMALE_OLD: Weighted = (
    ("Hương", 6), ("Hà", 5), ("Lan", 5), ("Nga", 5), ("Hoa", 5), ("Mai", 5), ("Hằng", 4), ("Hạnh", 4),
    ("Dung", 4), ("Thủy", 3), ("Thuỷ", 1), ("Lụa", 2), ("Tuyết", 3), ("Hiền", 4), ("Loan", 3),
    ("Liên", 3), ("Thơm", 2), ("Nhung", 3), ("Xuân", 3), ("Hồng", 4), ("Oanh", 3), ("Vân", 3),
    ("Yến", 3), ("Huệ", 3), ("Thảo", 2), ("Phượng", 2), ("Lý", 2), ("Hòa", 2), ("Thoa", 2),
)
_KINH_MALE_YOUNG: Weighted = (
    ("Anh", 6), ("Minh", 6), ("Khang", 3), ("Huy", 5), ("Phúc", 4), ("Bảo", 3), ("Khôi", 3), ("Đạt", 4),
    ("Nam", 4), ("Long", 4), ("Hiếu", 4), ("Quân", 4), ("Tùng", 3), ("Dương", 3), ("Kiên", 3), ("Lâm", 3),
    ("Hưng", 3), ("Phong", 3), ("Thịnh", 2), ("Vinh", 2), ("Tuấn", 4), ("Dũng", 3), ("Đức", 4),
    ("Hải", 3), ("Sơn", 2), ("Thành", 3), ("An", 3), ("Trí", 2), ("Nghĩa", 2), ("Thái", 2),
)
_KINH_FEMALE_YOUNG: Weighted = (
    ("Anh", 6), ("Linh", 6), ("Ngọc", 4), ("Trang", 5), ("Hà", 4), ("Vy", 3), ("Chi", 4), ("My", 3),
    ("Thảo", 4), ("Nhi", 3), ("Hân", 3), ("An", 3), ("Châu", 2), ("Hương", 3), ("Giang", 3),
    ("Ngân", 3), ("Huyền", 4), ("Quỳnh", 3), ("Uyên", 2), ("Yến", 2), ("Lan", 2), ("Mai", 3),
    ("Phương", 3), ("Thư", 3), ("Trâm", 2), ("Diệp", 1), ("Nga", 2), ("Hằng", 2),
)

_THAI_MALE: Weighted = (
    ("Ún", 4), ("Pọm", 4), ("Xiêng", 4), ("Hặc", 3), ("Đôi", 4), ("Panh", 3), ("Thoong", 2), ("Inh", 3),
    ("Ót", 2), ("Phăn", 3), ("Bun", 3), ("Hom", 2), ("Ngân", 3), ("Khăm", 3), ("Xôm", 2), ("Pắn", 2),
    ("Chiến", 3), ("Thanh", 3), ("Tiến", 3), ("Hồng", 2), ("Sơn", 3), ("Toản", 2), ("Nhiên", 2),
    ("Ọi", 2), ("Lả", 2), ("Ẳm", 2), ("Kiên", 2), ("Hạnh", 2), ("Sinh", 2), ("Dương", 2), ("Tươi", 2),
)
_THAI_FEMALE: Weighted = (
    ("Ngần", 4), ("Đôi", 3), ("Ún", 3), ("Bun", 3), ("Xiêm", 3), ("Ính", 3), ("Hiên", 3), ("Pánh", 3),
    ("Lả", 3), ("Ươi", 3), ("Hoa", 3), ("Thoa", 2), ("Dung", 2), ("En", 2), ("Ọi", 2), ("Ơn", 2),
    ("Kim", 2), ("Lan", 2), ("Mai", 3), ("Quyên", 2), ("Nhất", 2), ("Thiêm", 2), ("Hương", 2),
    ("Phương", 2), ("Ẻ", 2), ("Xuân", 2), ("Thanh", 2), ("Thoản", 2), ("Tiên", 2), ("Ngọc", 2),
)
_MONG_MALE: Weighted = (
    ("Páo", 5), ("Dính", 5), ("Sùng", 4), ("Chua", 4), ("Lử", 4), ("Tủa", 4), ("Chống", 3), ("Dế", 3),
    ("Sử", 3), ("Của", 4), ("Nhè", 3), ("Pó", 2), ("Vư", 2), ("Chinh", 3), ("Chứ", 3), ("Lềnh", 2),
    ("Sếnh", 2), ("Tồng", 2), ("Súa", 3), ("Xá", 2), ("Lồng", 2), ("Thề", 2), ("Giống", 2),
    ("Sình", 2), ("Khua", 2), ("Nủ", 2), ("Dơ", 2),
)
_MONG_FEMALE: Weighted = (
    ("Mỷ", 5), ("Mai", 3), ("Dua", 4), ("Sua", 3), ("Pàng", 4), ("Chở", 3), ("Dợ", 4), ("Máy", 3),
    ("Mỉ", 3), ("Dở", 2), ("Sông", 2), ("Lia", 3), ("Dê", 3), ("Say", 2), ("Ly", 3), ("Chá", 2),
    ("Mò", 2), ("Xúa", 2), ("Ba", 2), ("Vừ", 2), ("Chía", 2), ("Ca", 2), ("Nhìa", 2), ("Sinh", 2),
)
_DAO_MALE: Weighted = (
    ("Phin", 4), ("Chỏi", 3), ("Quẩy", 3), ("Sếnh", 3), ("Chàn", 3), ("Lìu", 3), ("Vảng", 2),
    ("Chiêu", 3), ("Phấu", 2), ("Dìn", 2), ("Sình", 3), ("Quang", 3), ("Tòng", 2), ("Kiềm", 2),
    ("Dần", 2), ("Phây", 2), ("Chản", 2), ("Lai", 2),
)
_DAO_FEMALE: Weighted = (
    ("Mẩy", 5), ("Nái", 4), ("Xiêm", 3), ("Lở", 3), ("Kiều", 3), ("Phấy", 3), ("Xuân", 3), ("Dung", 2),
    ("Chiêm", 2), ("Phương", 2), ("Làn", 2), ("Sành", 2), ("Mỷ", 2), ("Quyên", 2),
)

GIVEN_NAMES: dict[str, dict[str, Weighted]] = {
    "Kinh": {"M_old": _KINH_MALE_OLD, "F_old": _KINH_FEMALE_OLD,
             "M_young": _KINH_MALE_YOUNG, "F_young": _KINH_FEMALE_YOUNG},
    "Thái": {"M_old": _THAI_MALE, "F_old": _THAI_FEMALE, "M_young": _THAI_MALE, "F_young": _THAI_FEMALE},
    "Mông": {"M_old": _MONG_MALE, "F_old": _MONG_FEMALE, "M_young": _MONG_MALE, "F_young": _MONG_FEMALE},
    "Tày": {"M_old": _KINH_MALE_OLD, "F_old": _KINH_FEMALE_OLD,
            "M_young": _KINH_MALE_YOUNG, "F_young": _KINH_FEMALE_YOUNG},
    "Mường": {"M_old": _KINH_MALE_OLD, "F_old": _KINH_FEMALE_OLD,
              "M_young": _KINH_MALE_YOUNG, "F_young": _KINH_FEMALE_YOUNG},
    "Dao": {"M_old": _DAO_MALE, "F_old": _DAO_FEMALE, "M_young": _DAO_MALE, "F_young": _DAO_FEMALE},
    "Khơ Mú": {"M_old": _THAI_MALE, "F_old": _THAI_FEMALE, "M_young": _THAI_MALE, "F_young": _THAI_FEMALE},
}

# Share of the young generation (born 1985 or later) of a minority group given a Kinh given name.
KINH_GIVEN_SHARE_YOUNG: dict[str, float] = {
    "Kinh": 0.0, "Thái": 0.45, "Mông": 0.2, "Tày": 0.0, "Mường": 0.0, "Dao": 0.3, "Khơ Mú": 0.45,
}

# --- Villages ---------------------------------------------------------------------------------------
# A village *type* fixes its kind, how its name is made and its ethnic mix.

VILLAGE_TYPES: dict[str, dict] = {
    "thai": {"kind": "ban", "mix": (("Thái", 85), ("Kinh", 6), ("Khơ Mú", 4), ("Mường", 3), ("Mông", 2))},
    "mong": {"kind": "ban", "mix": (("Mông", 95), ("Thái", 4), ("Kinh", 1))},
    "kinh": {"kind": "thon", "mix": (("Kinh", 75), ("Thái", 14), ("Mường", 6), ("Tày", 5))},
    "centre": {"kind": "to_dan_pho", "mix": (("Kinh", 58), ("Thái", 30), ("Mường", 5), ("Tày", 5), ("Mông", 2))},
    "khomu": {"kind": "ban", "mix": (("Khơ Mú", 80), ("Thái", 17), ("Kinh", 3))},
    "dao": {"kind": "ban", "mix": (("Dao", 85), ("Mông", 8), ("Thái", 5), ("Kinh", 2))},
    "muong": {"kind": "ban", "mix": (("Mường", 80), ("Kinh", 12), ("Thái", 8))},
}
# The first villages take these types in turn, so even a small commune is varied; later ones are
# drawn with VILLAGE_TYPE_WEIGHTS.
VILLAGE_TYPE_ORDER: tuple[str, ...] = (
    "thai", "centre", "mong", "thai", "kinh", "thai", "mong", "khomu", "thai", "centre", "dao", "muong",
)
VILLAGE_TYPE_WEIGHTS: Weighted = (
    ("thai", 50), ("mong", 18), ("kinh", 10), ("centre", 8), ("khomu", 6), ("dao", 4), ("muong", 4),
)

# Bản names in the style of Thái place names: a first and a second syllable.
THAI_PLACE_FIRST: tuple[str, ...] = (
    "Nà", "Huổi", "Pá", "Phiêng", "Co", "Hua", "Nậm", "Bó", "Púng", "Khau", "Kéo", "Lọng", "Noong",
    "Hìn", "Cang", "Tóp", "Pom", "Ít", "Hát", "Tiến",
)
THAI_PLACE_SECOND: tuple[str, ...] = (
    "Sản", "Mòn", "Lay", "Cại", "Khoang", "Mung", "Hẹ", "Pát", "Ban", "Cọ", "Lằn", "Ngùa", "Xôm",
    "Lằm", "Khoai", "Mạt", "Pằn", "Hạ", "Pục", "Sàng", "Lốc", "Cuông", "Thẳm", "Sẳng", "Búng", "Đông",
)
# Some names that do not follow the pattern, used first.
THAI_VILLAGE_NAMES: tuple[str, ...] = (
    "Bản Nà Sản", "Bản Hồng Mặn", "Bản Mé", "Bản Búng", "Bản Hỏm", "Bản Cát", "Bản Chiềng Ban",
    "Bản Nà Hạ", "Bản Pá Sang", "Bản Co Chạy",
)
MONG_PLACE_FIRST: tuple[str, ...] = ("Háng", "Suối", "Long", "Sáng", "Pa", "Phì", "Tà", "Trống", "Chống", "Lìm")
MONG_PLACE_SECOND: tuple[str, ...] = (
    "Tơ Mang", "Xùa", "Lìn", "Khúa", "Dồn", "Chua", "Tông", "Khôm", "Tát", "Củ", "Lử", "Sung", "Cang",
)
MONG_VILLAGE_NAMES: tuple[str, ...] = ("Bản Hua Tát", "Bản Pa Khôm", "Bản Phiêng Cại", "Bản Tà Xùa")
KINH_VILLAGE_NAMES: tuple[str, ...] = (
    "Thôn Tân Lập", "Thôn Thống Nhất", "Thôn Quyết Thắng", "Thôn Đoàn Kết", "Thôn Hòa Bình",
    "Thôn Tân Sơn", "Thôn Bình Minh", "Thôn Cộng Hòa", "Thôn Hợp Tiến", "Thôn Tiền Phong",
    "Thôn Quyết Tiến", "Thôn Thành Công", "Thôn Tân Thành", "Thôn Nam Tiến", "Thôn Đông Hưng",
    "Thôn Phú Cường", "Thôn Hưng Thịnh", "Thôn Tân Tiến", "Thôn Độc Lập", "Thôn Xuân Hòa",
)
# Numbered urban groups: "Tiểu khu 3" (the Sơn La form) or "Tổ dân phố 1".
CENTRE_VILLAGE_PREFIXES: tuple[str, ...] = ("Tiểu khu", "Tổ dân phố")

# Old communes taken to have merged into the demonstration commune on 1 July 2025: a code and a
# name in the style of the region (the merger story is made up), for villages' old code and name.
OLD_COMMUNES: tuple[tuple[str, str], ...] = (("14116", "Mường Bon"), ("14119", "Nà Ớt"))

# --- Occupations ------------------------------------------------------------------------------------

OCCUPATIONS_RURAL: Weighted = (
    ("Làm ruộng", 50), ("Làm nương", 10), ("Chăn nuôi", 5), ("Trồng cây ăn quả", 5), ("Công nhân", 6),
    ("Lao động tự do", 8), ("Buôn bán", 3), ("Thợ xây", 3), ("Thợ may", 1), ("Lái xe", 1),
    ("Giáo viên", 2), ("Cán bộ, công chức", 2), ("Y sĩ", 1), ("Bộ đội", 1), ("Nội trợ", 2),
)
OCCUPATIONS_CENTRE: Weighted = (
    ("Buôn bán", 18), ("Công nhân", 14), ("Cán bộ, công chức", 8), ("Giáo viên", 6), ("Làm ruộng", 18),
    ("Lao động tự do", 14), ("Kinh doanh dịch vụ", 7), ("Lái xe", 4), ("Thợ xây", 3), ("Y sĩ", 2),
    ("Thợ may", 2), ("Nội trợ", 4),
)
OCCUPATIONS_ELDERLY: Weighted = (
    ("Làm ruộng", 45), ("Hưu trí", 12), ("Nội trợ", 15), ("Chăn nuôi", 8), ("Già yếu", 20),
)
# Occupations redrawn for the other sex (a registry rarely shows a woman as a builder or driver).
MALE_OCCUPATIONS: frozenset[str] = frozenset({"Thợ xây", "Lái xe", "Bộ đội"})
FEMALE_OCCUPATIONS: frozenset[str] = frozenset({"Nội trợ"})
OCCUPATION_PUPIL = "Học sinh"
OCCUPATION_STUDENT = "Sinh viên"

# --- Units ------------------------------------------------------------------------------------------

# Enterprises: "<form> <trade> <place>", e.g. "Công ty TNHH Chế biến nông sản Nà Sản".
ENTERPRISE_FORMS: Weighted = (("Công ty TNHH", 50), ("Công ty cổ phần", 25), ("Doanh nghiệp tư nhân", 25))
ENTERPRISE_TRADES: tuple[str, ...] = (
    "Chế biến nông sản", "Xây dựng", "Vận tải", "Thương mại và Dịch vụ", "Vật liệu xây dựng", "Chè",
    "Cà phê", "May mặc", "Gạch không nung", "Chế biến gỗ", "Cơ khí", "Thức ăn chăn nuôi",
    "Du lịch cộng đồng", "Nước sạch", "Điện nước", "Xăng dầu",
)
COOPERATIVE_TRADES: tuple[str, ...] = (
    "Nông nghiệp", "Cà phê", "Chè", "Rau an toàn", "Cây ăn quả", "Dệt thổ cẩm", "Chăn nuôi", "Dịch vụ tổng hợp",
)

# Staff positions by unit kind: the head's position first, then the others with weights.
UNIT_POSITIONS: dict[str, tuple[str, Weighted]] = {
    "school": ("Hiệu trưởng", (("Phó Hiệu trưởng", 1), ("Giáo viên", 14), ("Nhân viên", 2))),
    "office": ("Chủ tịch UBND xã", (
        ("Công chức Văn phòng", 3), ("Công chức Văn hóa - Xã hội", 3), ("Công chức Kinh tế", 3),
        ("Công chức Tư pháp - Hộ tịch", 2), ("Công chức Tài chính - Kế toán", 2), ("Công chức Địa chính", 2),
        ("Viên chức", 3),
    )),
    "health_station": ("Trạm trưởng", (
        ("Bác sĩ", 1), ("Y sĩ", 3), ("Điều dưỡng", 2), ("Nữ hộ sinh", 1), ("Dược sĩ", 1),
    )),
    "cooperative": ("Giám đốc", (("Phó Giám đốc", 1), ("Kế toán", 1), ("Thành viên", 12))),
    "enterprise": ("Giám đốc", (("Phó Giám đốc", 1), ("Kế toán", 1), ("Nhân viên", 4), ("Công nhân", 10))),
}
