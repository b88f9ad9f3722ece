"""UI labels in Vietnamese (default) and English; one table so both stay in step."""

from __future__ import annotations

from typing import Literal

Lang = Literal["vi", "en"]

LABELS: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "title": ("Trợ lý báo cáo xã", "Commune report assistant"),
    "tab_chat": ("Hỏi đáp", "Chat"),
    "tab_library": ("Thư viện báo cáo", "Report library"),
    "tab_eval": ("Đánh giá", "Evaluation"),
    "language": ("Ngôn ngữ giao diện", "Interface language"),
    "question": ("Câu hỏi", "Question"),
    "question_ph": (
        "Ví dụ: Xã nào đề nghị hỗ trợ công trình nước sinh hoạt?",
        "E.g. Which commune asked for drinking-water works?",
    ),
    "send": ("Gửi", "Send"),
    "clear": ("Xoá hội thoại", "Clear chat"),
    "copy": ("Sao chép câu trả lời", "Copy answer"),
    "examples": ("Câu hỏi mẫu", "Example questions"),
    "filters": ("Bộ lọc", "Filters"),
    "communes": ("Đơn vị (xã, phường…)", "Units (communes, wards…)"),
    "doc_types": ("Loại văn bản", "Document type"),
    "date_from": ("Từ ngày (dd/mm/yyyy)", "From date (dd/mm/yyyy)"),
    "date_to": ("Đến ngày (dd/mm/yyyy)", "To date (dd/mm/yyyy)"),
    "pick_date": ("Chọn ngày trên lịch", "Pick a date on the calendar"),
    "period": ("Kỳ báo cáo", "Report period"),
    "chat": ("Hội thoại", "Conversation"),
    "citations": ("Trích dẫn", "Citations"),
    "pick_citation": ("Xem nguồn của trích dẫn", "Show the source of citation"),
    "source": ("Nguồn", "Source"),
    "no_citations": ("Chưa có trích dẫn.", "No citations yet."),
    "pick_hint": (
        "Bấm vào một trích dẫn để xem toàn bộ mục.",
        "Click a citation to see its whole section.",
    ),
    "searching": ("Đang tìm trong các báo cáo…", "Searching the reports…"),
    "not_found": ("Không tìm thấy trong các báo cáo", "Not found in the reports"),
    "page": ("trang", "page"),
    "section": ("Mục", "Section"),
    "upload": ("Tải lên báo cáo (PDF, DOCX, TXT, MD)", "Upload reports (PDF, DOCX, TXT, MD)"),
    "upload_btn": ("Thêm vào thư viện", "Add to library"),
    "reports": ("Danh sách báo cáo", "Reports"),
    "refresh": ("Làm mới", "Refresh"),
    "report_pick": ("Chọn báo cáo", "Pick a report"),
    "view_tree": ("Xem cấu trúc mục", "View section tree"),
    "delete": ("Xoá báo cáo", "Delete report"),
    "reindex": ("Lập chỉ mục lại", "Re-index"),
    "library_status": ("Trạng thái", "Status"),
    "eval_pick": ("Bộ câu hỏi", "Question set"),
    "eval_upload": ("Hoặc tải lên tệp JSONL", "Or upload a JSONL file"),
    "eval_run": ("Chạy đánh giá", "Run evaluation"),
    "eval_metrics": ("Kết quả", "Metrics"),
    "eval_table": ("Từng câu hỏi", "Per question"),
    "eval_metric": ("Chỉ số", "Metric"),
    # Why a file was not added (`FailedFile.kind`); an English page shows the indexer's
    # own line, which says more (the English here is for the label checks' symmetry).
    "why_unsupported": (
        "loại tệp này chưa đọc được (nhận .docx, .doc, .pdf, .txt, .md)",
        "this type of file cannot be read (.docx, .doc, .pdf, .txt, .md are)",
    ),
    "why_empty": (
        "tệp không có chữ đọc được (trống, hoặc chỉ có ảnh)",
        "the file holds no readable text (empty, or images only)",
    ),
    "why_corrupt": (
        "tệp bị hỏng hoặc không đúng loại như đuôi tệp - hãy lưu lại đúng định dạng "
        "(hoặc đổi đuôi tệp cho đúng) rồi tải lên lại",
        "the file is damaged or not what its extension says - save it again in the right "
        "format (or fix the extension) and upload it again",
    ),
    "why_encrypted": (
        "tệp có mật khẩu - hãy bỏ mật khẩu rồi tải lên lại",
        "the file has a password - remove it and upload the file again",
    ),
    "why_too_large": (
        "tệp quá lớn để xử lý - hãy tách thành các tệp nhỏ hơn",
        "the file is too large to process - split it into smaller files",
    ),
    "why_missing_tool": (
        "máy chủ thiếu chương trình cần để đọc tệp này (Tesseract hoặc LibreOffice) - "
        "hãy báo quản trị viên",
        "the server lacks a program this file needs (Tesseract or LibreOffice) - "
        "tell the administrator",
    ),
    "warning_title": ("Lưu ý", "Warning"),
    "unit_files": ("tệp", "files"),
    "unit_reports": ("báo cáo", "reports"),
    "unit_questions": ("câu hỏi", "questions"),
    "eval_value": ("Giá trị", "Value"),
    "eval_col_id": ("Mã", "Id"),
    "eval_col_question": ("Câu hỏi", "Question"),
    "eval_col_expected": ("Cần nêu", "Expected"),
    "eval_col_answered": ("Câu trả lời", "Answer"),
    "eval_col_failed": ("Chưa đạt", "Failed checks"),
    "eval_chart": ("Biểu đồ", "Chart"),
    # The evaluation's checks (evals/metrics.Checks.failed), in the chart and the table.
    "check_correct": ("Đúng", "Correct"),
    "check_error": ("Lỗi khi chạy", "Error while running"),
    "check_abstention": ("Lẽ ra phải từ chối", "Should have abstained"),
    "check_false_abstention": ("Từ chối sai", "Abstained wrongly"),
    "check_communes": ("Thiếu đơn vị cần nêu", "Units missing"),
    "check_wrong_communes": ("Nêu sai đơn vị", "Wrong units named"),
    "check_evidence": ("Không trích đúng chứng cứ", "Evidence not cited"),
    "check_facts": ("Thiếu số liệu cần có", "Expected facts missing"),
    "eval_should_abstain": ("(cần từ chối)", "(abstain)"),
    "eval_abstained": ("(đã từ chối trả lời)", "(abstained)"),
    "eval_unavailable": (
        "Chức năng đánh giá chưa sẵn sàng trong bản cài đặt này.",
        "Evaluation is not available in this installation.",
    ),
    "busy": (
        "Máy chủ đang bận, vui lòng thử lại sau ít giây.",
        "The server is busy; please try again in a few seconds.",
    ),
    "empty_question": ("Hãy nhập câu hỏi.", "Please type a question."),
    "too_long": (
        "Câu hỏi quá dài ({n} ký tự, tối đa {limit}). Hãy rút gọn.",
        "The question is too long ({n} characters, at most {limit}). Please shorten it.",
    ),
    "bad_date": (
        "{field}: ngày {value!r} không hợp lệ — hãy viết 30/12/2025 (ngày/tháng/năm), "
        "12/2025, 2025 hoặc 2025-12-30.",
        "{field}: date {value!r} is not valid — write 30/12/2025 (day/month/year), "
        "12/2025, 2025 or 2025-12-30.",
    ),
    "filter_note": (
        "Lưu ý: bộ lọc đang bật ({filters}); xoá bộ lọc để tìm trong mọi báo cáo.",
        "Note: a filter was active ({filters}); clear the filters to search every report.",
    ),
    "deleted": (
        "Đã xoá báo cáo {name} (mã {report_id}).",
        "Deleted report {name} (id {report_id}).",
    ),
    "confirm_delete": (
        "Xoá báo cáo {name} (mã {report_id})? Bấm «Xác nhận» để xoá, «Huỷ» để giữ lại.",
        "Delete report {name} (id {report_id})? Press “Confirm” to delete, “Cancel” to keep it.",
    ),
    "confirm_reindex": (
        "Lập chỉ mục lại cả thư viện? Việc này có thể mất vài phút. Bấm «Xác nhận» để bắt đầu.",
        "Re-index the whole library? It may take minutes. Press “Confirm” to start.",
    ),
    "confirm": ("Xác nhận", "Confirm"),
    "cancel": ("Huỷ", "Cancel"),
    "cancelled": ("Đã huỷ, không có gì thay đổi.", "Cancelled; nothing changed."),
    "duplicate": (
        "Không thêm {name}: đã có trong thư viện: {existing}",
        "Not added: {name} is already in the library as {existing}",
    ),
    "duplicate_choice": (
        "{name} có cùng nội dung với {existing} đã có trong thư viện. "
        "Giữ bản đang có (không thay đổi gì), hay thay bằng tệp mới?",
        "{name} has the same content as {existing}, already in the library. "
        "Keep the one there (nothing changes), or replace it with the new file?",
    ),
    "keep_existing": ("Giữ bản đang có", "Keep the existing one"),
    "replace_with_new": ("Thay bằng tệp mới", "Replace with the new file"),
    "kept_existing": ("Đã giữ {existing}; không thay đổi gì.", "Kept {existing}; nothing changed."),
    "replaced": ("Đã thay {existing} bằng {name}.", "Replaced {existing} with {name}."),
    "not_replaced": (
        "Không thay được {existing} bằng {name}: {error}. {existing} vẫn giữ nguyên.",
        "Could not replace {existing} with {name}: {error}. {existing} is unchanged.",
    ),
    "not_owner_replace": (
        "Chỉ người đã tải lên {existing} mới thay được báo cáo này.",
        "Only the user who uploaded {existing} can replace it.",
    ),
    "status_ok": ("Sẵn sàng", "Ready"),
    "status_indexing": ("⏳ Đang lập chỉ mục…", "⏳ Indexing…"),
    "status_failed": ("✗ Không thêm được: {reason}", "✗ Not added: {reason}"),
    "failed_picked": (
        "{name} không thêm được. Bấm «Bỏ dòng lỗi» để ẩn dòng này, hoặc sửa tệp rồi tải lên lại.",
        "{name} was not added. Press “Dismiss failed row” to hide it, or fix the file and "
        "upload it again.",
    ),
    "dismiss_failed": ("Bỏ dòng lỗi", "Dismiss failed row"),
    "dismissed": ("Đã bỏ dòng lỗi: {names}.", "Dismissed: {names}."),
    "status_no_unit": ("⚠ Không tìm thấy đơn vị", "⚠ No unit found"),
    "status_no_sections": ("⚠ Không có mục", "⚠ No sections"),
    "status_unit_by_hand": ("Sẵn sàng (đơn vị nhập tay)", "Ready (unit set by hand)"),
    "row_picked": (
        "Đã chọn {name}. Có thể xem cấu trúc mục, xoá, hoặc nhập đơn vị rồi bấm «Đặt đơn vị».",
        "Picked {name}. View its sections, delete it, or type its unit and press “Set unit”.",
    ),
    "unit_input": ("Đơn vị của báo cáo đã chọn", "Unit of the picked report"),
    "unit_input_ph": (
        "Ví dụ: xã Tân Hòa, phường 3, đặc khu Phú Quốc",
        "E.g. xã Tân Hòa, phường 3, đặc khu Phú Quốc",
    ),
    "set_unit": ("Đặt đơn vị", "Set unit"),
    "unit_set": (
        "Đã đặt đơn vị của {name}: {unit}. Câu trả lời từ báo cáo này sẽ ghi đơn vị này.",
        "The unit of {name} is now {unit}; answers from this report name it.",
    ),
    "unit_no_name": (
        "Hãy nhập loại và tên đơn vị, ví dụ: xã Tân Hòa, phường 3, đặc khu Phú Quốc.",
        "Type the kind and the name of the unit, e.g. xã Tân Hòa, phường 3, đặc khu Phú Quốc.",
    ),
    "not_owner_unit": (
        "Chỉ người đã tải lên mới đặt được đơn vị của báo cáo này.",
        "Only the user who uploaded this report can set its unit.",
    ),
    "added": (
        "Đã thêm {added}, cập nhật {updated}, không đổi {unchanged}.",
        "Added {added}, updated {updated}, unchanged {unchanged}.",
    ),
    "failed": ("Không thêm được {name}: {error}", "Could not add {name}: {error}"),
    "no_report": ("Hãy chọn một báo cáo.", "Please pick a report."),
    "not_owner": (
        "Chỉ người đã tải lên mới xoá được báo cáo này.",
        "Only the user who uploaded this report can delete it.",
    ),
    "reindexed": ("Đã lập chỉ mục lại.", "Re-indexed."),
    "failure": ("Có lỗi: {error}", "Something went wrong: {error}"),
    "conversations": ("Các hội thoại đã lưu", "Saved conversations"),
    "new_conversation": ("+ Hội thoại mới", "+ New conversation"),
    "conversation_title": ("Tên hội thoại", "Conversation title"),
    "rename": ("Đổi tên", "Rename"),
    "delete_conversation": ("Xoá hội thoại đã lưu", "Delete saved conversation"),
    "confirm_delete_conversation": (
        "Xoá hội thoại «{title}»? Bấm «Xác nhận» để xoá, «Huỷ» để giữ lại.",
        "Delete the conversation “{title}”? Press “Confirm” to delete, “Cancel” to keep it.",
    ),
    "conversation_deleted": ("Đã xoá hội thoại «{title}».", "Deleted the conversation “{title}”."),
    "conversation_renamed": ("Đã đổi tên thành «{title}».", "Renamed to “{title}”."),
    "no_conversation": (
        "Hãy chọn một hội thoại trong danh sách (hoặc đặt một câu hỏi trước).",
        "Pick a conversation from the list (or ask a question first).",
    ),
    "not_saved": (
        "Không lưu được hội thoại ({error}); câu trả lời vẫn hiển thị.",
        "The conversation could not be saved ({error}); the answer is still shown.",
    ),
    "empty_title": ("Hãy nhập tên hội thoại.", "Please type a title."),
    # Gradio's buttons on each answer (ui/gradio_text.py hands them to Gradio).
    "answer_role": ("Câu trả lời", "Answer"),
    "answer_copy": ("Sao chép câu trả lời và nguồn", "Copy the answer and its sources"),
    "answer_copied": ("Đã sao chép", "Copied"),
    "answer_like": ("Câu trả lời tốt", "Good answer"),
    "answer_liked": ("Đã đánh giá: tốt", "Rated: good"),
    "answer_dislike": ("Câu trả lời chưa tốt", "Bad answer"),
    "answer_disliked": ("Đã đánh giá: chưa tốt", "Rated: bad"),
    "answer_retry": ("Trả lời lại", "Regenerate"),
    "feedback_heading": ("Ý kiến người dùng về câu trả lời", "What users said of the answers"),
    "feedback_disliked": ("Câu trả lời bị đánh giá chưa tốt", "Answers rated bad"),
    "feedback_counts": (
        "Người dùng đánh giá: {likes} câu trả lời tốt, {dislikes} câu trả lời chưa tốt.",
        "Users' ratings: {likes} good answers, {dislikes} bad answers.",
    ),
    "feedback_none": (
        "Chưa có câu trả lời nào bị đánh giá chưa tốt.",
        "No answer has been rated bad yet.",
    ),
    "feedback_more": (
        "… và {n} câu trả lời cũ hơn (có trong tệp tải về).",
        "… and {n} older answers (in the download).",
    ),
    "feedback_download": (
        "Tải về làm bộ câu hỏi (JSONL)",
        "Download as a question set (JSONL)",
    ),
    "feedback_unavailable": (
        "Chưa đọc được các đánh giá của người dùng; hãy thử lại sau.",
        "Users' ratings cannot be read now; please try again later.",
    ),
    "feedback_not_saved": (
        "Chưa ghi nhận được đánh giá: câu trả lời này chưa được lưu. Hãy hỏi lại rồi đánh giá.",
        "The rating was not recorded: this answer is not saved. Ask again, then rate it.",
    ),
}


def check_label(name: str, lang: str) -> str:
    """An evaluation check's name in `lang` (the raw name for a check not named here)."""
    key = f"check_{name}"
    return t(key, lang) if key in LABELS else name


def t(key: str, lang: str = "vi", **values: object) -> str:
    """The label `key` in `lang` ('vi' or 'en'), with `{name}` fields filled in."""
    vi, en = LABELS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
