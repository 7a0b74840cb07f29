"""The bulk import framework every app's resources build on (django-import-export).

widgets.py (cells to values), resources.py (the natural-key resource and loader), files.py
(safe CSV/XLSX readers, limits, the upload waiting for its confirm), io.py (whole-table
import and export, results in words), admin.py (the admin's safe import page).
"""
