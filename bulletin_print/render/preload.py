"""Importing this module loads WeasyPrint: batch workers fork from a process that did."""

from .weasy import weasyprint

weasyprint()
