"""A tiny web app for trying Drover: answers every GET with a greeting, its pid and NODE_APP_INSTANCE.

    drover start examples/hello.py --name hello      # PORT=8000 by default
    curl http://127.0.0.1:8000/
"""
import http.server
import os
import signal
import sys

PORT = int(os.environ.get("PORT", "8000"))


class Hello(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("hello from pid %d (instance %s)\n" % (os.getpid(), os.environ.get("NODE_APP_INSTANCE", "?"))).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        print("%s %s" % (self.address_string(), fmt % args), flush=True)


def stop(signum, frame):
    print("got signal %d, shutting down" % signum, flush=True)
    sys.exit(0)


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)
server = http.server.HTTPServer(("127.0.0.1", PORT), Hello)
print("listening on http://127.0.0.1:%d/ (pid %d)" % (PORT, os.getpid()), flush=True)
server.serve_forever()
