"""A small threaded Python HTTP server for the reload benchmark.

Under Drover it takes the daemon's socket (LISTEN_FDS) and says READY=1; under PM2 it binds PORT itself
with SO_REUSEPORT, so that four fork-mode instances can share the port at all. SIGINT/SIGTERM stop it
gracefully: the request in progress is finished.
"""
import http.server
import os
import signal
import socket
import socketserver

stopping = False


def stop(signum, frame):
    global stopping
    stopping = True


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        body = b"hello\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if os.environ.get("LISTEN_PID") == str(os.getpid()):
    sock = socket.socket(fileno=3)
else:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(("127.0.0.1", int(os.environ["PORT"])))
    sock.listen(511)


class Server(socketserver.TCPServer):
    def __init__(self):
        socketserver.TCPServer.__init__(self, sock.getsockname()[:2], Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.timeout = 0.1


server = Server()
notify = os.environ.get("NOTIFY_SOCKET")
if notify:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.connect("\0" + notify[1:] if notify.startswith("@") else notify)
    s.sendall(b"READY=1")
    s.close()
while not stopping:
    server.handle_request()
