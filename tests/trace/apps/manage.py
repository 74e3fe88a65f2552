#!/usr/bin/env python
"""The Django project of the trace tests (djsite/): python manage.py runserver 127.0.0.1:0 --noreload."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "djsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
