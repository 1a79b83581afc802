# A client opening a new connection per request, as fast as it can, until the file argv[2] exists;
# prints "ok refused other longest_ms".
import socket, sys, os, time
port, stop = int(sys.argv[1]), sys.argv[2]
ok = refused = other = 0
longest = 0.0
while not os.path.exists(stop):
    t = time.time()
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        s.settimeout(30)
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        s.close()
        if data.startswith(b"HTTP/1."):
            ok += 1
        else:
            other += 1
    except ConnectionRefusedError:
        refused += 1
        time.sleep(0.001)
    except OSError:
        other += 1
    longest = max(longest, time.time() - t)
print(ok, refused, other, int(longest * 1000))
