"""Settings of the trace tests' Django project: one view, no database."""
DEBUG = True
SECRET_KEY = "reportgen-trace-tests-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "djsite.urls"
INSTALLED_APPS = []
DATABASES = {}
USE_TZ = True
