"""Open every built page in headless Chromium with the network cut off, as a reader offline would.

Usage: ``python docs/hooks/browser_check.py SITE_DIR SHOTS_DIR``. The site is served on localhost and every
request elsewhere is refused. A page fails when its visible text (outside code) still shows a raw TeX
delimiter (``\\(``, ``\\[``, ``$$``), when a formula that is shown has no size (MathML the browser did not
lay out), or when a script on it raises. A screenshot of each page that holds a formula, and of the home
page, goes to ``SHOTS_DIR``.

Needs the ``playwright`` package and a Chromium: ``$CHROMIUM``, else ``chromium`` on the ``PATH`` (Debian's
``chromium`` package puts it at ``/usr/bin/chromium``).
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Route, sync_playwright

_FLAGS = [  # what this machine's closed network needs: no background connections, no GPU, no sandbox as root
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_INSPECT = r"""() => {
  const skip = "code, pre, script, style, textarea, kbd, samp";
  const raw = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest(skip)) continue;
    const text = node.textContent;
    if (text.includes("\\(") || text.includes("\\[") || text.includes("$$")) raw.push(text.trim().slice(0, 120));
  }
  const shown = [...document.querySelectorAll("math")].filter((m) => m.checkVisibility());
  const empty = shown.filter((m) => {
    const box = m.getBoundingClientRect();
    return !(box.width > 0 && box.height > 0);
  });
  return {raw, shown: shown.length, empty: empty.map((m) => m.textContent.trim().slice(0, 80))};
}"""


def _chromium() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        msg = "no Chromium found: install Debian's 'chromium' package, or set CHROMIUM to its path"
        raise SystemExit(msg)
    return found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


def check(site: Path, shots: Path) -> int:
    """Check every page of ``site``; print one line per problem and a summary; return the exit code."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")
    if not pages:
        print(f"no HTML pages under {site}")
        return 1
    shots.mkdir(parents=True, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    problems: list[str] = []
    refused: set[str] = set()
    formulas = 0

    def offline(route: Route) -> None:
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" == origin:
            route.continue_()
        else:
            refused.add(url.netloc)
            route.abort()

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), args=_FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.route("**/*", offline)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            for name in pages:
                errors.clear()
                page.goto(f"{origin}/{name}", wait_until="load")
                found: dict[str, Any] = page.evaluate(_INSPECT)
                formulas += found["shown"]
                problems += [f"{name}: raw TeX in text: {text!r}" for text in found["raw"]]
                problems += [f"{name}: a formula with no size: {text!r}" for text in found["empty"]]
                problems += [f"{name}: script error: {error}" for error in errors]
                if found["shown"] or name == "index.html":
                    page.screenshot(
                        path=shots / (name.replace("/", "_").removesuffix(".html") + ".png"), full_page=True
                    )
            browser.close()
    finally:
        server.shutdown()
    for problem in problems:
        print(problem)
    print(
        f"opened {len(pages)} pages offline in Chromium: {formulas} formulas shown, {len(problems)} problems; "
        f"refused requests to {sorted(refused) or 'no other host'}; screenshots in {shots}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(check(Path(sys.argv[1]), Path(sys.argv[2])))
