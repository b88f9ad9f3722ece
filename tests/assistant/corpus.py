"""Hand-made chunks modelled on the sample reports (five communes, a few sections each)."""

from __future__ import annotations

from ingest.types import Chunk
from tests.assistant.memory_index import make_chunk

REQUESTS = ("KIẾN NGHỊ, ĐỀ XUẤT",)


def sample_chunks() -> list[Chunk]:
    return [
        make_chunk(
            "Hùng Sơn",
            "Toàn xã có 24 thôn, dân số là 8.026 người/2060 hộ; tỷ lệ hộ nghèo là 47,52% "
            "(979 hộ nghèo), hộ cận nghèo là 0,53% (11 hộ). Đảng bộ xã có 820 đảng viên.",
            labels=("I",),
            heading_path=("KHÁI QUÁT TÌNH HÌNH CHUNG",),
        ),
        make_chunk(
            "Hùng Sơn",
            "Toàn xã có 07 trường học với 82 lớp, 1.683 học sinh. "
            "100% cử tri đi bầu cử trước 10h00’ ngày 15/3/2026.",
            labels=("II", "2"),
            heading_path=("KẾT QUẢ", "Văn hóa - xã hội"),
            ordinal=1,
        ),
        make_chunk(
            "Hùng Sơn",
            "Đề nghị cấp có thẩm quyền phân bổ vốn san ủi mặt bằng khu dân cư các thôn "
            "Arooi, Ating có nguy cơ sạt lở cao.\n"
            "Hỗ trợ kinh phí để xã thực hiện công tác đối ngoại với bạn Lào.",
            labels=("V",),
            heading_path=REQUESTS,
            ordinal=2,
        ),
        make_chunk(
            "Lùng Phình",
            "Toàn xã có tỷ lệ hộ nghèo (25,46%) và cận nghèo (18,36%) còn cao. "
            "Tỷ lệ tham gia BHXH thấp (20,5%).",
            labels=("II",),
            heading_path=("TỒN TẠI, HẠN CHẾ",),
        ),
        make_chunk(
            "Lùng Phình",
            "Văn phòng Đảng ủy tiếp nhận trên 300 văn bản đến trong tháng 5.",
            labels=("I", "2"),
            heading_path=("CÔNG TÁC", "Văn phòng"),
            ordinal=1,
        ),
        make_chunk(
            "Mường Kim",
            "Tổng sản lượng chè búp khô 6 tháng đầu năm 700 tấn. Xã đạt 4/10 tiêu chí NTM. "
            "Tỷ lệ hộ nghèo còn 12,3%.",
            labels=("I", "1"),
            heading_path=("KINH TẾ", "Nông nghiệp"),
            doc_type="Báo cáo",
            date="2026-06-19",
        ),
        make_chunk(
            "Mường Kim",
            "Tổ chức thành công cuộc bầu cử đại biểu Quốc hội khóa XVI với 100% cử tri "
            "tham gia bầu cử.",
            labels=("I", "3"),
            heading_path=("KINH TẾ", "Chính trị"),
            date="2026-06-19",
            ordinal=1,
        ),
        make_chunk(
            "Quan Sơn",
            "Công an xã chủ trì xây dựng và triển khai kế hoạch tuần tra ban đêm.",
            labels=("II", "3"),
            heading_path=("NHIỆM VỤ THÁNG 5", "Quốc phòng - an ninh"),
            doc_type="Thông báo",
            date="2026-04-27",
        ),
        make_chunk(
            "Vũ Quang",
            "Tỷ lệ người dân tham gia bảo hiểm y tế đạt 93,5%. "
            "Phối hợp với Vườn Quốc gia Vũ Quang triển khai Đề án phát triển du lịch sinh thái.",
            labels=("I", "2"),
            heading_path=("KẾT QUẢ NĂM 2025", "Văn hóa - xã hội"),
            doc_type="Nghị quyết",
            date="2025-12-30",
        ),
    ]
