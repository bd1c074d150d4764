from thidua.lib.xlsx import Column

NOTIFICATION_COLUMNS = (
    Column("Lúc", lambda n: n.created_at),
    Column("Loại", lambda n: n.get_kind_display()),
    Column("Tiêu đề", lambda n: n.title),
    Column("Nội dung", lambda n: n.body),
    Column("Đã đọc lúc", lambda n: n.read_at),
)

MAIL_COLUMNS = (
    Column("Tạo lúc", lambda m: m.created_at),
    Column("Người nhận", lambda m: str(m.user)),
    Column("Địa chỉ", lambda m: m.address),
    Column("Loại", lambda m: m.get_kind_display()),
    Column("Tiêu đề", lambda m: m.subject),
    Column("Trạng thái", lambda m: m.get_state_display()),
    Column("Số lần gửi", lambda m: m.attempts),
    Column("Gửi lúc", lambda m: m.sent_at),
    Column("Lỗi", lambda m: m.error),
)
