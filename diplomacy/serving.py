"""The proxy's configuration for ``bin/container serve``: ``diplomacy/nginx.conf`` with this
deployment's settings filled in.

    python -m diplomacy.serving RUN_DIR    writes RUN_DIR/nginx.conf and prints its path

gunicorn listens on ``RUN_DIR/app.sock``; nginx listens on HOST:PORT.
"""

import os
import string
import sys
from pathlib import Path

from django.conf import settings

TEMPLATE = Path(__file__).with_name("nginx.conf")


class Config(string.Template):
    delimiter = "%"  # nginx's own variables start with $


def listen_address(host: str, port: str) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def nginx_config(run: Path) -> str:
    user = ""
    if os.geteuid() == 0:  # nginx would otherwise run its worker as nobody
        import pwd

        user = f"user {pwd.getpwuid(0).pw_name};"
    trusted = settings.TRUSTED_PROXIES
    real_ip = "\n".join(f"    set_real_ip_from {network};" for network in trusted)
    trusted_geo = "\n".join(f"        {network} 1;" for network in trusted)
    threads = int(os.environ.get("WEB_CONCURRENCY", "2")) * int(
        os.environ.get("GUNICORN_THREADS", "4")
    )
    return Config(TEMPLATE.read_text()).substitute(
        user=user,
        run=run,
        listen=listen_address(os.environ.get("HOST", "0.0.0.0"), os.environ.get("PORT", "8000")),
        max_body=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        max_temp_file="512m",
        upstream_timeout=int(os.environ.get("GUNICORN_TIMEOUT", "30")) + 5,
        real_ip=real_ip or "    # (no TRUSTED_PROXIES: the peer is the client)",
        snapshot_prefix=settings.SNAPSHOT_DOWNLOAD_PREFIX,
        snapshot_root=Path(settings.SNAPSHOT_ROOT).resolve(),
        downloads_total=settings.DOWNLOADS_TOTAL,
        trusted_geo=trusted_geo or "        # (no TRUSTED_PROXIES)",
        # Half the threads: an address cannot fill them all, however many it sends at once.
        requests_per_client=settings.REQUESTS_PER_CLIENT or max(threads // 2, 2),
        exports_per_client=settings.EXPORTS_PER_CLIENT,
        exports_total=settings.EXPORTS_TOTAL,
    )


def main(run: str) -> None:
    path = Path(run) / "nginx.conf"
    path.write_text(nginx_config(Path(run).resolve()))
    print(path)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    main(sys.argv[1])
