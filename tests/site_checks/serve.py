#!/usr/bin/env python3
"""Serve a built planpress site on loopback for the site checks.

    python3 serve.py --root public --port 8123 [--prefix /planer/]

A small wrapper around the standard library's http.server (the same server as
`python3 -m http.server --bind 127.0.0.1 PORT --directory public`), with two
additions the checks need:

  * --prefix serves the site under a path (as the real site is deployed under
    base_url's path), so links that forget the base path are caught;
  * every response carries a `LinkChecker` header, which tells linkchecker it
    may send more than 10 requests a second to this host.

It binds to 127.0.0.1 only, prints `READY http://127.0.0.1:PORT/PREFIX/` on
stdout once it listens, logs requests to stderr only with --verbose, and
exits on SIGTERM/SIGINT or when stdin is closed (--exit-on-stdin-eof), so a
killed test leaves no server behind.
"""
import argparse
import functools
import http.server
import os
import signal
import sys
import threading


class Handler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"
    verbose = False

    def end_headers(self):
        self.send_header("LinkChecker", "planpress-site-checks")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def translate_path(self, path):
        # Only paths under the prefix exist; everything else is a 404.
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if self.prefix != "/":
            if not clean.startswith(self.prefix):
                return os.path.join(self.directory, ".outside-prefix", "does-not-exist")
            path = "/" + path[len(self.prefix):]
        return super().translate_path(path)

    def send_head(self):
        # Redirect /planer to /planer/ like a real server would.
        clean = self.path.split("?", 1)[0]
        if self.prefix != "/" and clean + "/" == self.prefix:
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return super().send_head()

    def log_message(self, format, *args):
        if self.verbose:
            super().log_message(format, *args)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", required=True, help="folder to serve")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    ap.add_argument("--prefix", default="/", help="URL path the site is served under")
    ap.add_argument("--verbose", action="store_true", help="log requests to stderr")
    ap.add_argument("--exit-on-stdin-eof", action="store_true",
                    help="stop when standard input is closed (the parent died)")
    args = ap.parse_args()

    prefix = "/" + args.prefix.strip("/") + "/"
    if prefix == "//":
        prefix = "/"
    Handler.prefix = prefix
    Handler.verbose = args.verbose
    Handler.extensions_map = dict(Handler.extensions_map)
    Handler.extensions_map.update({
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".xml": "application/xml",
        ".csv": "text/csv; charset=utf-8",
        ".atom": "application/atom+xml",
    })
    handler = functools.partial(Handler, directory=os.path.abspath(args.root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    server.daemon_threads = True
    port = server.server_address[1]

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.exit_on_stdin_eof:
        def watch_stdin():
            try:
                while sys.stdin.buffer.read(4096):
                    pass
            except Exception:
                pass
            stop()
        threading.Thread(target=watch_stdin, daemon=True).start()

    print(f"READY http://127.0.0.1:{port}{prefix}", flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
