"""Rows of a record shown on its parent's admin page.

A child is added one at a time, deliberately: no empty rows wait on the page (``extra = 0``), so an
untouched blank row can never be mistaken for a record or half-filled by accident.
"""

from django.contrib import admin


class ChildRows(admin.TabularInline):
    extra = 0


class ChildForms(admin.StackedInline):
    extra = 0
