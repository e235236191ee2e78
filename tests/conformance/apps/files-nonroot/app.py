"""Serves /srv/files by name as raw bytes: GET /f/<percent-encoded bytes of the name>."""
import http.server
import os
import urllib.parse

ROOT = b"/srv/files/"


class Files(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            body = b"".join(sorted(n + b"\n" for n in os.listdir(ROOT)))
        elif self.path.startswith("/f/"):
            name = urllib.parse.unquote_to_bytes(self.path[3:])
            try:
                with open(ROOT + name, "rb") as f:
                    body = f.read()
            except FileNotFoundError:
                self.send_error(404)
                return
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.HTTPServer(("0.0.0.0", 8080), Files).serve_forever()
