"""bulletin-print: content of a Chinese government bulletin (简报) → official A4 PDF.

Stages, each its own package, data flowing one way:
model (load + validate) → layout (templates + CSS) → render (WeasyPrint) → deliver.
"""

__version__ = "0.1.0"
