"""A tiny web app for trying Drover: answers every GET with a greeting, its pid and NODE_APP_INSTANCE.

    drover start examples/hello.py --name hello                    # PORT=8000 by default
    drover start examples/hello.py --name hello -i 2 --listen 8000 # cluster: one socket for both
    curl http://127.0.0.1:8000/

Given a socket by its manager (systemd's LISTEN_FDS, as Drover hands one with --listen), it serves on that
socket instead of binding PORT itself, so every instance shares it and a reload drops nothing.
"""
import http.server
import os
import signal
import socket
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
if os.environ.get("LISTEN_PID") == str(os.getpid()) and int(os.environ.get("LISTEN_FDS", "0")) >= 1:
    # the first socket handed over is descriptor 3 (sd_listen_fds(3)); it listens already
    server = http.server.HTTPServer(("127.0.0.1", 0), Hello, bind_and_activate=False)
    server.socket.close()
    server.socket = socket.socket(fileno=3)
    where = "the socket handed over, %s:%d" % server.socket.getsockname()[:2]
else:
    server = http.server.HTTPServer(("127.0.0.1", PORT), Hello)
    where = "http://127.0.0.1:%d/" % PORT
print("listening on %s (pid %d)" % (where, os.getpid()), flush=True)
server.serve_forever()
