"""An HTTP app on 8080 whose /fetch calls an HTTPS service on localhost:8443 (started here, in a
thread) with the default SSL context: the system CA bundle must verify it."""
import http.server
import ssl
import threading
import urllib.request


class Service(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"secret from the TLS service\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class App(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/":
            body = b"tls client ok\n"
        elif self.path == "/fetch":
            with urllib.request.urlopen("https://localhost:8443/", timeout=10) as r:
                body = b"fetched: " + r.read()
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_tls():
    server = http.server.HTTPServer(("127.0.0.1", 8443), Service)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain("/etc/ssl/certs/service.pem", "/etc/ssl/private/service.key")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


threading.Thread(target=serve_tls, daemon=True).start()
http.server.ThreadingHTTPServer(("0.0.0.0", 8080), App).serve_forever()
