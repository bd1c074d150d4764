"""Settings, driven by environment variables; a bad value stops the process at start.

See the configuration table in README.md. Nothing here needs editing for a deployment.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}"
    )


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envpath(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    path = Path(value).expanduser() if value else default
    if value is not None and not path.is_absolute():
        raise ImproperlyConfigured(f"{name} must be an absolute path; got {value!r}")
    return path


DEBUG = envbool("DEBUG", "0")

# Everything the app writes (SQLite database, uploads, generated secret) lives here.
VAR_DIR = envpath("THIDUA_VAR_DIR", BASE_DIR / "var")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key_file := os.environ.get("SECRET_KEY_FILE"):
        try:
            key = Path(key_file).read_text().strip()
        except OSError as e:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE cannot be read: {e}") from None
    if key is not None:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    # A single-server install keeps a generated key beside its database. Several app servers
    # sharing one database must all be given the same SECRET_KEY.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Thi đua CCHC")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "axes",
    # The optional second factor (TOTP) of office and administrator accounts.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "thidua.lib",
    "thidua.org",
    "thidua.scoring",
    "thidua.law",
    "thidua.campaigns",
    "thidua.documents",
    "thidua.awards",
    "thidua.imports",
    "thidua.api",
    "thidua.notifications",
    "thidua.desks",
    "thidua.reports",
    "thidua.portal",
    # django-ninja: its bundled Swagger UI files are served from our /static/ (no CDN).
    "ninja",
    "thidua.demo",
    "csp",
]

MIDDLEWARE = [
    "thidua.lib.body_limit.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "thidua.lib.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "thidua.lib.middleware.RefuseNulMiddleware",
    "thidua.org.two_factor.SecondFactorMiddleware",
    "thidua.org.security.ForcePasswordChangeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thidua.lib.clientip.AuditlogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "thidua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thidua.lib.context_processors.site",
                "thidua.notifications.context_processors.bell",
            ],
            "builtins": ["thidua.lib.templatetags.vn"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; IMMEDIATE takes the write lock at the
    # start of a transaction so two writers queue instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must be an sqlite:// or postgres:// URL")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "thidua.org.passwords.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {
        "NAME": "thidua.org.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", "10")},
    },
    {"NAME": "thidua.org.passwords.CommonPasswordValidator"},
    {"NAME": "thidua.org.passwords.NumericPasswordValidator"},
]
# Sign-in lockout (django-axes, thidua.org.security): LOGIN_FAILURE_LIMIT wrong passwords in a
# row for one username, or from one address, lock it for LOGIN_LOCKOUT_MINUTES, or until the
# office unlocks it (Tài khoản › Khóa đăng nhập). The address is the socket's peer, or the
# X-Forwarded-For client when the peer is one of TRUSTED_PROXIES (addresses or networks,
# comma-separated: the reverse proxy in front of gunicorn, e.g. 127.0.0.1).
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "")
AUTHENTICATION_BACKENDS = [
    "thidua.org.security.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "30"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "thidua.lib.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "thidua.org.security.lockout_response"
AXES_VERBOSE = False
# The second factor (thidua.org.two_factor): the name the authenticator app shows beside the
# account; each wrong code doubles the wait before the next try (django-otp's throttle).
OTP_TOTP_ISSUER = os.environ.get("OTP_ISSUER", "Thi đua khen thưởng")
OTP_TOTP_THROTTLE_FACTOR = 1
if AXES_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be at least 1")
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
# Behind TLS (HTTPS=1, see README "Deploying"): secure cookies, a redirect of plain HTTP
# and HSTS, each overridable; all off by default so `make run` works on plain HTTP.
HTTPS = envbool("HTTPS", "0")
_ON = "1" if HTTPS else "0"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", _ON)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", _ON)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _ON)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", _ON)
# The reverse proxy terminating TLS says so in X-Forwarded-Proto (it must set the header
# itself, overwriting any the client sent).
if envbool("SECURE_PROXY_SSL_HEADER", _ON):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from our own
# origin only, no inline script or style anywhere, no framing, forms post only to us. The
# API's Swagger page widens it for itself only (thidua/api/main.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the app never uses, refused to it and to anything it embeds.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), "
    "bluetooth=(), magnetometer=(), gyroscope=(), accelerometer=()"
)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thidua.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "thidua" / "static"]
STATIC_ROOT = envpath("STATIC_ROOT", VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# WhiteNoise serves assets straight from the apps (and from STATIC_ROOT after collectstatic):
# no CDN, no separate web server needed on a closed government network.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads are never under STATIC_ROOT and have no public URL: they are served by views
# that check permission first.
MEDIA_ROOT = envpath("MEDIA_ROOT", VAR_DIR / "media")

# Certificates (Giấy khen) are drawn with a TrueType serif that has Vietnamese diacritics:
# the first folder holding Liberation Serif (metric-compatible with Times New Roman) or
# DejaVu Serif is used (Debian: fonts-liberation2).
CERTIFICATE_FONT_DIRS = envlist(
    "THIDUA_CERTIFICATE_FONT_DIRS",
    "/usr/share/fonts/truetype/liberation2,/usr/share/fonts/truetype/liberation,"
    "/usr/share/fonts/truetype/dejavu",
)
# Nothing routes this prefix: files go out only through views that check permission.
MEDIA_URL = "/_private-media/"
# The columns that name stored files (the recovery sweep, `thidua clean-files`, and the
# backup read them), and the age past which a file no row names is an orphan to remove.
UPLOAD_REFERENCES = [
    "awards.Attachment.path",
    "scoring.ParEvidence.stored_path",
    "imports.ImportJob.stored_path",
    "documents.DocumentTemplate.stored_path",
    "portal.PublicationItem.photo_path",
]
UPLOAD_ORPHAN_MINUTES = envint("UPLOAD_ORPHAN_MINUTES", "60")
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024))
# Uploads (issue 12): a file bigger than this is spooled to disk while it arrives, never
# held in memory; an Office archive may inflate to at most UPLOAD_MAX_INFLATED_BYTES, and
# no member more than UPLOAD_MAX_COMPRESSION_RATIO times its compressed size.
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024))
UPLOAD_MAX_INFLATED_BYTES = envint("UPLOAD_MAX_INFLATED_BYTES", str(256 * 1024 * 1024))
UPLOAD_MAX_COMPRESSION_RATIO = envint("UPLOAD_MAX_COMPRESSION_RATIO", "200")

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "thidua@localhost")
# EMAIL_BACKEND may be named outright (e.g. the file backend with EMAIL_FILE_PATH, which the
# worker's tests use); otherwise SMTP when EMAIL_HOST is set, the console when not.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")
# Notifications (thidua.notifications): the links in e-mails are absolute on SITE_URL; a
# failed send is tried MAIL_MAX_ATTEMPTS times in all, MAIL_RETRY_MINUTES × attempts apart;
# the worker scans for reminders every REMINDER_SCAN_MINUTES (and `thidua remind` on demand).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
MAIL_MAX_ATTEMPTS = envint("MAIL_MAX_ATTEMPTS", "3")
MAIL_RETRY_MINUTES = envint("MAIL_RETRY_MINUTES", "10")
REMINDER_SCAN_MINUTES = envint("REMINDER_SCAN_MINUTES", "60")
# Called by `thidua worker` as it starts (dotted paths): the reminder scan is queued once.
WORKER_STARTUP = [
    "thidua.notifications.tasks.ensure_scan",
    # the recovery sweep of stored files (thidua/lib/file_sweep.py, `thidua clean-files`)
    "thidua.lib.file_sweep.sweep_at_startup",
]
if EMAIL_USE_TLS and envbool("EMAIL_USE_SSL", "0"):
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "0")

# Background work runs in a real task queue: django-tasks with its database backend. Tasks
# are queued as rows by the web process and run by `thidua worker` (a second process beside
# gunicorn; `make run` starts both). Every task of the product lives in a `tasks.py` of its
# app (today thidua/imports/tasks.py; reminders, documents and recomputed evaluations go the
# same way). THIDUA_TASKS_IMMEDIATE=1 runs each task inside the request instead: for tests
# and scripts where the worker is not the point, never for a deployment.
TASKS_IMMEDIATE = envbool("THIDUA_TASKS_IMMEDIATE", "0")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TASKS_IMMEDIATE
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    },
    # Tasks run inside the request: what the tests give the evaluations' recompute
    # (EVALUATIONS_TASK_BACKEND), never a deployment's default.
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# The backend of the stored evaluations' recompute (campaigns.tasks); "default" queues it
# for `thidua worker`.
EVALUATIONS_TASK_BACKEND = os.environ.get("THIDUA_EVALUATIONS_TASK_BACKEND", "default")
# Spreadsheets offices import are larger than evidence files: a province's 200,000-row table
# is about 10 MB.
IMPORT_MAX_BYTES = envint("IMPORT_MAX_BYTES", str(50 * 1024 * 1024))
# A request body over this is refused (413) before Django reads it (BodyLimitMiddleware);
# keep the reverse proxy's limit (nginx client_max_body_size) at the same figure.
REQUEST_BODY_MAX_BYTES = envint("REQUEST_BODY_MAX_BYTES", str(IMPORT_MAX_BYTES + 1024 * 1024))

# Audit trail: django-auditlog records create/update/delete of registered models with the
# actor set by its middleware (web) or by thidua.lib.audit.acting_as (commands).
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_MASK_CALLABLE = "thidua.lib.audit.mask_all"
AUDITLOG_DISABLE_REMOTE_ADDR = False

# The cache (rendered charts, API rate counts): per process by default; CACHE_DIR shares
# it between the processes of a deployment (gunicorn's workers) as files in that folder.
CACHE_DIR = os.environ.get("CACHE_DIR", "")
if CACHE_DIR:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
        }
    }

# The REST API (/api/v1/): requests per minute per token, counted in the default cache
# (per process with the default local-memory cache; CACHE_DIR shares it when several
# processes serve the API).
API_RATE_READ = envint("API_RATE_READ", "120")
API_RATE_WRITE = envint("API_RATE_WRITE", "30")
API_PAGE_MAX = envint("API_PAGE_MAX", "500")
API_BULK_MAX_ROWS = envint("API_BULK_MAX_ROWS", "5000")
for _name in ("API_RATE_READ", "API_RATE_WRITE", "API_PAGE_MAX", "API_BULK_MAX_ROWS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1; got {globals()[_name]}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
