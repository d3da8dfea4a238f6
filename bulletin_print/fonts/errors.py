"""The one error the fonts package raises: a role no font can serve, or bad font data."""


class FontError(Exception):
    """A font problem the user must fix; the message is in Chinese."""
