"""The only way WeasyPrint may read a resource: local files inside the allowed folders."""

from pathlib import Path
from urllib.parse import unquote, urlsplit


def confined_fetcher(weasy, roots: list[Path]):
    """A URL fetcher that serves files under `roots` and refuses everything else."""
    allowed = [root.resolve() for root in roots]

    class ConfinedFetcher(weasy.urls.URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ValueError(f"refused non-file URL: {url[:80]}")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in allowed):
                raise ValueError(f"refused file outside the bulletin: {path}")
            return weasy.urls.URLFetcherResponse(url, body=path.read_bytes())

    return ConfinedFetcher(allowed_protocols=("file",))
