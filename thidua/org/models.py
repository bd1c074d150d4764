"""Units (a tree of any depth, with the history of mergers), people and accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Concat, Substr

from thidua.lib.vietnamese import fold, name_sort_text, normalize_name, split_name

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
    "Mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . (ví dụ: PNV, XA-01).",
)


class CompetitionGroup(models.Model):
    """Khối thi đua: phong, xa, bo_phan, thon, tw, khac, and groups an office defines."""

    code = models.SlugField("mã khối", primary_key=True, max_length=30)
    name = models.CharField("tên khối", max_length=200)
    builtin = models.BooleanField("khối mặc định", default=False, editable=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "khối thi đua"
        verbose_name_plural = "khối thi đua"

    def __str__(self) -> str:
        return self.name

    @classmethod
    def names(cls) -> dict[str, str]:
        """Code -> Vietnamese name, for showing the groups a scheme or a result names."""
        return dict(cls.objects.values_list("code", "name"))


class Unit(models.Model):
    class Level(models.TextChoices):
        TINH = "tinh", "Cấp tỉnh"
        HUYEN = "huyen", "Cấp huyện (trước 01/7/2025)"
        XA = "xa", "Cấp xã (xã, phường, đặc khu, thị trấn)"
        CO_QUAN = "co_quan", "Cơ quan, phòng, ban"
        BO_PHAN = "bo_phan", "Bộ phận, đoàn thể"
        THON = "thon", "Thôn, tổ dân phố"
        KHAC = "khac", "Khác"

    code = models.CharField(
        "mã đơn vị",
        max_length=30,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": "Mã đơn vị này đã được dùng cho một đơn vị khác."},
    )
    name = models.CharField("tên đơn vị", max_length=255)
    level = models.CharField("cấp", max_length=20, choices=Level.choices)
    group = models.ForeignKey(
        CompetitionGroup,
        verbose_name="khối thi đua",
        on_delete=models.PROTECT,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    par_assessed = models.BooleanField("chấm Chỉ số CCHC", default=True)
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    merged_from = models.ManyToManyField(
        "self",
        verbose_name="hợp nhất từ các đơn vị",
        symmetrical=False,
        blank=True,
        related_name="merged_into",
    )
    email = models.EmailField("thư điện tử", blank=True)
    # Derived, maintained by save(): the ids from the root down, "/3/17/42/".
    path = models.CharField(max_length=600, editable=False, db_index=True, default="")
    search_text = models.CharField(max_length=300, editable=False, default="")
    # When the row last changed: systems that sync through the API ask for what changed
    # since (bulk writes set it themselves, see lib.audit.bulk_update_logged).
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True, db_index=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(f"{self.code} {self.name}")
        old_path = self.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        parent_path = (
            Unit.objects.values_list("path", flat=True).get(pk=self.parent_id)
            if self.parent_id
            else "/"
        )
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            # The path is derived: keep it and the subtree's out of the audit trail.
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            if old_path:
                Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                    path=Concat(models.Value(new_path), Substr("path", len(old_path) + 1))
                )
            self.path = new_path

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def clean(self) -> None:
        super().clean()
        if self.code and Person.objects.filter(code__iexact=self.code).exists():
            raise ValidationError({"code": f"Mã “{self.code}” đã được dùng cho một cá nhân."})
        # The same code in other letter case (exactly the same is the field's unique check).
        same = Unit.objects.filter(code__iexact=self.code).exclude(code=self.code)
        if self.code and same.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"code": "Mã đơn vị này đã được dùng (chữ hoa hay thường vẫn là một mã)."}
            )
        if self.parent_id and self.pk:
            parent = Unit.objects.only("path").get(pk=self.parent_id)
            if parent.pk == self.pk or parent.path.startswith(self.path or "\x00"):
                message = "Đơn vị cấp trên không thể là chính nó hoặc một đơn vị cấp dưới của nó."
                raise ValidationError({"parent": message})
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."})

    @property
    def header_name(self) -> str:
        """The unit as the issuing body of a document's header: 'UBND xã Đình Dù' ->
        'ỦY BAN NHÂN DÂN' over 'XÃ ĐÌNH DÙ'; other units as their name in capitals."""
        if self.name.startswith("UBND "):
            return f"ỦY BAN NHÂN DÂN\n{self.name.removeprefix('UBND ').upper()}"
        return self.name.upper()

    def subtree(self) -> models.QuerySet[Unit]:
        """This unit and every unit below it, at any depth."""
        return Unit.objects.filter(path__startswith=self.path)

    def predecessors(self) -> list[Unit]:
        """Every unit merged into this one, directly or through earlier mergers."""
        seen: dict[int, Unit] = {}
        frontier = [self.pk]
        while frontier:
            found = [
                u
                for u in Unit.objects.filter(merged_into__in=frontier).distinct()
                if u.pk not in seen and u.pk != self.pk
            ]
            seen.update((u.pk, u) for u in found)
            frontier = [u.pk for u in found]
        return list(seen.values())

    def lineage_ids(self) -> list[int]:
        """This unit and its predecessors: whose history the unit carries."""
        return [self.pk, *(u.pk for u in self.predecessors())]


class Person(models.Model):
    class Gender(models.TextChoices):
        NAM = "nam", "Nam"
        NU = "nu", "Nữ"

    code = models.CharField(
        "mã cá nhân",
        max_length=30,
        unique=True,
        validators=[code_validator],
        error_messages={"unique": "Mã cá nhân này đã được dùng cho một cá nhân khác."},
    )
    full_name = models.CharField("họ và tên", max_length=150)
    gender = models.CharField("giới tính", max_length=5, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        "năm sinh",
        null=True,
        blank=True,
        validators=[MinValueValidator(1930), MaxValueValidator(2015)],
    )
    position = models.CharField("chức vụ", max_length=200, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name="đơn vị", on_delete=models.PROTECT, related_name="people"
    )
    # Set when a merger moved the person from a unit that ended into the one formed from it:
    # evaluations of years the former unit existed read the person as its member.
    former_unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị trước khi sáp nhập",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="former_people",
    )
    key_leader = models.BooleanField("lãnh đạo chủ chốt", default=False)
    cchc_role = models.BooleanField("phụ trách công tác CCHC", default=False)
    unit_chair = models.BooleanField("Chủ tịch/Phó Chủ tịch UBND xã", default=False)
    email = models.EmailField("thư điện tử", blank=True)
    # Derived by derive(): the parts of the name, compared one after the other (given name
    # first, each part whole with its tones, under the Vietnamese collation), and the
    # diacritic-free text that search matches.
    given_name = models.CharField(max_length=50, editable=False, default="")
    middle_name = models.CharField(max_length=100, editable=False, default="")
    family_name = models.CharField(max_length=50, editable=False, default="")
    sort_name = models.CharField(max_length=150, editable=False, default="")
    search_text = models.CharField(max_length=300, editable=False, default="", db_index=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True, db_index=True)

    DERIVED_FIELDS = ("given_name", "middle_name", "family_name", "sort_name", "search_text")

    class Meta:
        verbose_name = "cá nhân"
        verbose_name_plural = "cá nhân"

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.derive()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def derive(self) -> Person:
        """Set the derived columns (bulk writes, which skip save(), call this themselves)."""
        self.full_name = normalize_name(self.full_name)
        self.family_name, self.middle_name, self.given_name = split_name(self.full_name)
        self.sort_name = name_sort_text(self.full_name)
        self.search_text = fold(f"{self.code} {self.full_name}")
        return self

    def clean(self) -> None:
        super().clean()
        self.full_name = normalize_name(self.full_name or "")
        if self.code and Unit.objects.filter(code__iexact=self.code).exists():
            raise ValidationError({"code": f"Mã “{self.code}” đã được dùng cho một đơn vị."})
        same = Person.objects.filter(code__iexact=self.code).exclude(code=self.code)
        if self.code and same.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"code": "Mã cá nhân này đã được dùng (chữ hoa hay thường vẫn là một mã)."}
            )


class User(AbstractUser):
    """An account. Its role decides what it may do; a unit account is tied to its unit."""

    class Role(models.TextChoices):
        ADMIN = "quan_tri", "Quản trị"
        OFFICE = "thuong_truc", "Cơ quan thường trực"
        UNIT = "don_vi", "Đơn vị"
        COUNCIL = "hoi_dong", "Thành viên Hội đồng TĐ-KT"
        LEADER = "lanh_dao", "Lãnh đạo"

    role = models.CharField("vai trò", max_length=20, choices=Role.choices, default=Role.UNIT)
    unit = models.ForeignKey(
        Unit,
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    must_change_password = models.BooleanField(
        "phải đổi mật khẩu",
        default=False,
        help_text="Mật khẩu do quản trị viên đặt: đổi ở lần đăng nhập tới.",
    )

    class Meta:
        verbose_name = "tài khoản"
        verbose_name_plural = "tài khoản"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="don_vi") | Q(unit__isnull=False),
                name="unit_account_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == self.Role.UNIT and not self.unit_id:
            raise ValidationError({"unit": "Tài khoản đơn vị phải gắn với một đơn vị."})

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def is_office(self) -> bool:
        """Campaign office or administrator: sees and manages every unit."""
        return self.is_admin or self.role == self.Role.OFFICE

    @property
    def sees_everything(self) -> bool:
        """Read access to every unit: office, administrator, council members and leaders."""
        return self.is_office or self.role in (self.Role.COUNCIL, self.Role.LEADER)


def unit_or_person(
    *, on_delete: object, unit_label: str = "đơn vị"
) -> tuple[models.ForeignKey[Unit | None], models.ForeignKey[Person | None]]:
    """The two nullable keys of a row about either a unit or a person:
    `unit, person = unit_or_person(on_delete=models.CASCADE)` in a model's body, with
    `one_of_unit_or_person(...)` among its constraints."""
    return (
        models.ForeignKey(
            Unit,
            verbose_name=unit_label,
            null=True,
            blank=True,
            on_delete=on_delete,
            related_name="+",
        ),
        models.ForeignKey(
            Person,
            verbose_name="cá nhân",
            null=True,
            blank=True,
            on_delete=on_delete,
            related_name="+",
        ),
    )


def one_of_unit_or_person(name: str, message: str) -> models.CheckConstraint:
    """Exactly one of the keys made by unit_or_person() is set."""
    return models.CheckConstraint(
        condition=Q(unit__isnull=True, person__isnull=False)
        | Q(unit__isnull=False, person__isnull=True),
        name=name,
        violation_error_message=message,
    )
