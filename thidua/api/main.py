"""The REST API, /api/v1/: its OpenAPI document at /api/v1/openapi.json and the
interactive page at /api/v1/docs (Swagger UI served from our own /static/, no CDN)."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from thidua.api import errors, read, write
from thidua.api.auth import TokenThrottle, read_auth

DESCRIPTION = """\
Giao diện lập trình của hệ thống quản lý thi đua, khen thưởng: cho các hệ thống của tỉnh
(chấm điểm Chỉ số CCHC, quản lý cán bộ…) đọc và ghi dữ liệu.

**Xác thực.** Mỗi yêu cầu gửi tiêu đề `Authorization: Bearer <mã API>`. Quản trị viên
tạo và thu hồi mã API ở trang *Tài khoản → Mã API*. Mã API có đúng quyền và phạm vi đơn vị
của tài khoản mà nó thuộc về: mã của một đơn vị chỉ thấy dữ liệu của đơn vị đó và các đơn
vị cấp dưới (bản ghi khác trả về 404). Mã *chỉ đọc* không dùng được cho các thao tác ghi (403).

**Danh sách** có phân trang (`limit`, `offset`, tổng số bản ghi `total`) và bộ lọc `year`,
`unit` (số định danh hoặc mã đơn vị), `updated_since` (ISO 8601) cho hệ thống đồng bộ.
Đơn vị và cá nhân được nêu bằng số định danh (`id`) và mã; các lựa chọn (xếp loại, trạng
thái…) bằng mã (`key`) và tên tiếng Việt (`label`).

**Lỗi** luôn là JSON `{"detail": "<thông báo tiếng Việt>", "field": "<trường>"}`.
Vượt giới hạn số yêu cầu mỗi phút: 429, kèm tiêu đề `Retry-After`.
"""


class Renderer(JSONRenderer):
    """Vietnamese letters as themselves, not \\u escapes (still UTF-8 JSON)."""

    json_dumps_params = {"ensure_ascii": False}  # noqa: RUF012


api = NinjaAPI(
    title="API Thi đua – Khen thưởng",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=read_auth,
    throttle=[TokenThrottle("API_RATE_READ")],
    docs=Swagger(settings={"persistAuthorization": False}),
    renderer=Renderer(),
)
errors.install(api)
api.add_router("/", read.router)
api.add_router("/", write.router)
