"""hello-python: a tiny web app for Nimbus, standard library only.

Answers / with a greeting, its instance id and release; /healthz for the health check.
Logs one line per request to stdout. Reads PORT and GREETING from the environment.
"""
import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(os.environ.get("PORT", "8000"))
GREETING = os.environ.get("GREETING", "hello")
INSTANCE = os.environ.get("NIMBUS_INSTANCE_ID", "local")
RELEASE = os.environ.get("NIMBUS_RELEASE", "dev")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path == "/healthz":
            self.reply(200, "text/plain", b"ok\n")
        elif self.path == "/":
            body = f"{GREETING} from {INSTANCE} ({RELEASE})\n".encode()
            self.reply(200, "text/plain; charset=utf-8", body)
        elif self.path == "/info":
            body = json.dumps({"instance": INSTANCE, "release": RELEASE, "greeting": GREETING, "pid": os.getpid()}).encode()
            self.reply(200, "application/json", body)
        else:
            self.reply(404, "text/plain", b"not found\n")

    def reply(self, status, content_type, body):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        # One line per request, on stdout, so `nimbus logs` shows it (health checks are left out: they are noise).
        if self.path == "/healthz":
            return
        print(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''} from {self.client_address[0]}", flush=True)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: (print("SIGTERM: shutting down", flush=True), sys.exit(0)))
    print(f"hello-python {RELEASE} listening on 127.0.0.1:{PORT} as {INSTANCE}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
