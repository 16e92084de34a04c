"""edge-echo: a test app that shows what the edge forwarded. Standard library only.

/headers      the request headers as JSON          /upload    sha256 and length of the request body
/sse          two events; the second only after GET /sse-release (proves events are not buffered)
/slow?ms=N    answers after N ms                    /bytes?n=N  N bytes, streamed in 64 KiB chunks
/status?code=N answers with that status            /ws        WebSocket echo (RFC 6455, text and binary)
/metrics      echo_requests_total, Prometheus text   /log?msg=M&level=L  prints {"level","msg","instance"} as one JSON line to stdout
/traced       records a span of its own under the request's traceparent and sends it (OTLP/JSON, before
              answering) to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT with OTEL_EXPORTER_OTLP_TRACES_HEADERS; answers the export's status
/cache?cc=CACHE-CONTROL&etag=TAG&vary=HEADER   a cacheable answer whose body counts the hits that reached
              the instance (so a cached copy is recognisable); If-None-Match equal to TAG → 304
"""
import base64
import hashlib
import json
import os
import signal
import struct
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

PORT = int(os.environ.get("PORT", "8000"))
INSTANCE = os.environ.get("NIMBUS_INSTANCE_ID", "local")
RELEASE = os.environ.get("NIMBUS_RELEASE", "dev")
SSE_RELEASE = threading.Event()
ORIGIN_HITS = [0]
ORIGIN_LOCK = threading.Lock()
REQUESTS = [0]
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with ORIGIN_LOCK:
            REQUESTS[0] += 1
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/healthz":
            self.reply(200, b"ok\n")
        elif url.path == "/":
            self.reply(200, f"{INSTANCE} {RELEASE}\n".encode())
        elif url.path == "/headers":
            self.reply(200, json.dumps({k.lower(): v for k, v in self.headers.items()}).encode(), "application/json")
        elif url.path == "/slow":
            time.sleep(int(query.get("ms", ["1000"])[0]) / 1000)
            self.reply(200, b"slow\n")
        elif url.path == "/status":
            self.reply(int(query.get("code", ["500"])[0]), b"as asked\n")
        elif url.path == "/bytes":
            self.stream_bytes(int(query.get("n", ["0"])[0]))
        elif url.path == "/sse":
            self.sse()
        elif url.path == "/sse-release":
            SSE_RELEASE.set()
            self.reply(200, b"released\n")
        elif url.path == "/cache":
            self.cacheable(query)
        elif url.path == "/ws":
            self.websocket()
        elif url.path == "/metrics":
            with ORIGIN_LOCK:
                served = REQUESTS[0]
            self.reply(200, f"# TYPE echo_requests_total counter\necho_requests_total {served}\n".encode(), "text/plain; version=0.0.4")
        elif url.path == "/traced":
            self.traced()
        elif url.path == "/log":
            print(json.dumps({"level": query.get("level", ["info"])[0], "msg": query.get("msg", [""])[0], "instance": INSTANCE}), flush=True)
            self.reply(200, b"logged\n")
        else:
            self.reply(404, b"not found\n")

    def traced(self):
        start = time.time_ns()
        parent = self.headers.get("traceparent", "")
        parts = parent.split("-")
        if len(parts) != 4:
            self.reply(400, b"no traceparent\n")
            return
        time.sleep(0.002)  # "work", so the span has a width
        span = {
            "traceId": parts[1], "spanId": os.urandom(8).hex(), "parentSpanId": parts[2], "name": "GET /traced",
            "kind": 2, "startTimeUnixNano": str(start), "endTimeUnixNano": str(time.time_ns()),
            "attributes": [{"key": "echo.instance", "value": {"stringValue": INSTANCE}}],
            "status": {"code": 1},
        }
        body = json.dumps({"resourceSpans": [{
            "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": os.environ.get("OTEL_SERVICE_NAME", "echo")}}]},
            "scopeSpans": [{"scope": {"name": "echo"}, "spans": [span]}]}]}).encode()
        request = urllib.request.Request(os.environ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], data=body, method="POST")
        request.add_header("Content-Type", "application/json")
        for pair in os.environ.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "").split(","):
            if "=" in pair:
                key, value = pair.split("=", 1)
                request.add_header(key.strip(), unquote(value.strip()))
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                self.reply(200, f"exported {answer.status}\n".encode())
        except urllib.error.HTTPError as error:
            self.reply(502, f"export failed {error.code}: {error.read()[:300]!r}\n".encode())

    def do_POST(self):
        digest = hashlib.sha256()
        length = 0
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    break
                remaining = size
                while remaining:
                    chunk = self.rfile.read(min(remaining, 65536))
                    digest.update(chunk)
                    length += len(chunk)
                    remaining -= len(chunk)
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length", "0"))
            while remaining:
                chunk = self.rfile.read(min(remaining, 65536))
                if not chunk:
                    break
                digest.update(chunk)
                length += len(chunk)
                remaining -= len(chunk)
        self.reply(200, json.dumps({"sha256": digest.hexdigest(), "length": length, "instance": INSTANCE}).encode(), "application/json")

    do_PUT = do_POST

    def reply(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Instance", INSTANCE)
        # Head and body in one write: an instance SIGKILLed between two writes would leave a response whose head went
        # out without its body, which no proxy can retry (the kill tests count on the edge's rules alone).
        self._headers_buffer.append(b"\r\n")
        if self.command != "HEAD":
            self._headers_buffer.append(body)
        self.flush_headers()

    def cacheable(self, query):
        with ORIGIN_LOCK:
            ORIGIN_HITS[0] += 1
            hits = ORIGIN_HITS[0]
        etag = query.get("etag", [""])[0]
        vary = query.get("vary", [""])[0]
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", query.get("cc", [""])[0])
            self.send_header("X-Origin-Hits", str(hits))
            self.end_headers()
            return
        body = f"hit {hits} {self.headers.get(vary, '') if vary else ''}\n".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", query.get("cc", [""])[0])
        self.send_header("X-Origin-Hits", str(hits))
        if etag:
            self.send_header("ETag", etag)
        if vary:
            self.send_header("Vary", vary)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def stream_bytes(self, n):
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.end_headers()
        block = b"x" * 65536
        while n > 0:
            self.wfile.write(block[: min(n, len(block))])
            n -= min(n, len(block))

    def sse(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"data: one\n\n")
        self.wfile.flush()
        SSE_RELEASE.wait(30)
        SSE_RELEASE.clear()
        self.wfile.write(b"data: two\n\n")
        self.wfile.flush()
        self.close_connection = True

    def websocket(self):
        key = self.headers.get("Sec-WebSocket-Key", "")
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.end_headers()
        self.wfile.flush()
        while True:
            head = self.rfile.read(2)
            if len(head) < 2:
                break
            opcode = head[0] & 0x0F
            length = head[1] & 0x7F
            if length == 126:
                length = struct.unpack(">H", self.rfile.read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self.rfile.read(8))[0]
            mask = self.rfile.read(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
            if opcode == 8:
                self.wfile.write(bytes([0x88, len(payload)]) + payload)
                self.wfile.flush()
                break
            header = bytes([0x80 | opcode])
            if len(payload) < 126:
                header += bytes([len(payload)])
            else:
                header += bytes([126]) + struct.pack(">H", len(payload))
            self.wfile.write(header + payload)
            self.wfile.flush()
        self.close_connection = True

    def log_message(self, fmt, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.serve_forever()


if __name__ == "__main__":
    main()
