"""Portraits of the honor board: an upload checked by its bytes (thidua.lib.uploads: JPEG,
PNG or WebP, size-limited), then decoded and re-encoded by Pillow so nothing but pixels is
kept (EXIF, GPS, comments, ICC profiles and any trailing bytes are dropped), and the
placeholder portraits of the demo (initials on a plain background)."""

from __future__ import annotations

import io
import warnings
from typing import IO, Any

from django.core.exceptions import ValidationError
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from thidua.lib import uploads
from thidua.lib.formatting import format_number

MAX_BYTES = 8 * 1024 * 1024
# A portrait needs no more; a decompression bomb declares far more.
MAX_PIXELS = 40_000_000
LONGEST_SIDE = 900
STORED_KIND = "jpeg"


def _save(image: Image.Image) -> str:
    relative = uploads.stored_name(STORED_KIND)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)  # no exif=, no icc_profile=
    # Written before the form's row is saved: an item never saved leaves an unreferenced
    # file, which `thidua clean-files` removes.
    uploads.write_durably(relative, [buffer.getvalue()])
    return relative


def store_photo(file: IO[bytes] | Any) -> tuple[str, str]:
    """(kind, relative path) of the re-encoded portrait, or ValidationError in Vietnamese."""
    uploads.check_upload(file, allowed=uploads.IMAGE_KINDS, max_bytes=MAX_BYTES)
    name = getattr(file, "name", "") or "ảnh"
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as source:
                width, height = source.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        f"Ảnh “{name}” có {format_number(width * height // 1_000_000)} triệu "
                        f"điểm ảnh ({width} × {height}), vượt giới hạn "
                        f"{format_number(MAX_PIXELS // 1_000_000)} triệu điểm ảnh.",
                        code="too_many_pixels",
                    )
                source.load()
                image = ImageOps.exif_transpose(source)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ):
        raise ValidationError(
            f"Ảnh “{name}” bị hỏng hoặc không đọc được; hãy chụp hoặc lưu lại ảnh rồi tải lên.",
            code="bad_image",
        ) from None
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    return STORED_KIND, _save(image.convert("RGB"))


PALETTE = ("#8a1c1c", "#9c5a00", "#1f5f3a", "#1d4e89", "#5b2a86", "#6b4f1d")


def initials(name: str) -> str:
    words = [w for w in name.split() if w]
    if not words:
        return "?"
    picked = words[-2:] if len(words) >= 2 else words
    return "".join(w[0] for w in picked).upper()


def placeholder_photo(name: str, index: int = 0) -> tuple[str, str]:
    """A generated portrait: the initials in white on a plain colour (the demo's)."""
    size = 480
    image = Image.new("RGB", (size, size), PALETTE[index % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    try:
        font: Any = ImageFont.truetype("DejaVuSans-Bold.ttf", 180)
    except OSError:
        font = ImageFont.load_default(size=180)
    draw.text((size / 2, size / 2), initials(name), fill="white", font=font, anchor="mm")
    return STORED_KIND, _save(image)
