"""Reports the web tests upload: one with a unique fact, one full of hostile markup."""

from __future__ import annotations

NEW_COMMUNE = "Tà Xùa"
NEW_QUESTION = "Xã nào đề nghị hỗ trợ xây dựng nhà văn hóa bản Pá Khoang?"

NEW_REPORT = f"""ĐẢNG ỦY XÃ {NEW_COMMUNE.upper()}
Số: 77-BC/ĐU
{NEW_COMMUNE}, ngày 12 tháng 6 năm 2026

BÁO CÁO
tình hình thực hiện nhiệm vụ tháng 6 năm 2026

I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ
1. Kinh tế
Xã {NEW_COMMUNE} hoàn thành trồng mới 35 ha chè shan tuyết tại các bản vùng cao.

II. KIẾN NGHỊ, ĐỀ XUẤT
1. Đảng ủy xã {NEW_COMMUNE} đề nghị Ủy ban nhân dân tỉnh hỗ trợ kinh phí xây dựng \
nhà văn hóa bản Pá Khoang để phục vụ sinh hoạt cộng đồng.
"""

HOSTILE_COMMUNE = "Phình Hồ"
HOSTILE_QUESTION = "Xã nào đề nghị hỗ trợ lắp đặt đèn năng lượng mặt trời tại bản Sáng Pao?"
HOSTILE_MARKUP = (
    "<img src=http://198.51.100.7/pixel.png onerror=alert(1)> "
    "![logo](http://198.51.100.7/logo.png) "
    "[bấm vào đây](http://198.51.100.7/phish) "
    "<script>alert('xss')</script>"
)

HOSTILE_REPORT = f"""ỦY BAN NHÂN DÂN XÃ {HOSTILE_COMMUNE.upper()}
Số: 12/BC-UBND
{HOSTILE_COMMUNE}, ngày 3 tháng 6 năm 2026

BÁO CÁO
tình hình kinh tế - xã hội tháng 6 năm 2026

I. KIẾN NGHỊ, ĐỀ XUẤT
1. UBND xã {HOSTILE_COMMUNE} đề nghị hỗ trợ lắp đặt đèn năng lượng mặt trời \
tại bản Sáng Pao {HOSTILE_MARKUP} trong năm 2026.
"""
