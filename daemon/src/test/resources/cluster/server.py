"""A plain Python HTTP server that takes its listening socket from the daemon (systemd's LISTEN_FDS).

It answers "<pid> <instance index>", says READY=1 on NOTIFY_SOCKET, stops gracefully on SIGINT/SIGTERM
(the request in progress is finished), and exits with 3 before getting ready when a file named
"crash" sits next to it: a new version that cannot start.
"""
import http.server
import os
import signal
import socket
import socketserver
import sys

here = os.path.dirname(os.path.abspath(__file__))
if os.path.exists(os.path.join(here, "crash")):
    print("refusing to start: crash file present", flush=True)
    sys.exit(3)

if os.environ.get("LISTEN_PID") != str(os.getpid()) or int(os.environ.get("LISTEN_FDS", "0")) < 1:
    print("no socket handed over: LISTEN_PID=%s pid=%d" % (os.environ.get("LISTEN_PID"), os.getpid()), flush=True)
    sys.exit(4)

listening = socket.socket(fileno=3)
stopping = False


def stop(signum, frame):
    global stopping
    stopping = True


signal.signal(signal.SIGINT, stop)
signal.signal(signal.SIGTERM, stop)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def do_GET(self):
        body = ("%d %s %s\n" % (os.getpid(), os.environ.get("NODE_APP_INSTANCE"), os.environ.get("LISTEN_FDNAMES"))).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(socketserver.TCPServer):
    def __init__(self, sock):
        socketserver.TCPServer.__init__(self, sock.getsockname(), Handler, bind_and_activate=False)
        self.socket.close()
        self.socket = sock
        self.timeout = 0.1


def notify(message):
    path = os.environ.get("NOTIFY_SOCKET")
    if not path:
        return
    if path.startswith("@"):
        path = "\0" + path[1:]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.connect(path)
        s.sendall(message.encode())
    finally:
        s.close()


server = Server(listening)
print("serving as %d" % os.getpid(), flush=True)
notify("READY=1\nSTATUS=serving on fd 3")
while not stopping:
    server.handle_request()
print("stopped gracefully", flush=True)
