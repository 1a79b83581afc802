import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** A Java server that takes its listening socket from standard input, as inetd and systemd hand it. */
public class Server {
    public static void main(String[] args) throws Exception {
        ServerSocketChannel listening = (ServerSocketChannel) System.inheritedChannel();
        String pid = Long.toString(ProcessHandle.current().pid());
        while (true) {
            try (SocketChannel c = listening.accept()) {
                ByteBuffer in = ByteBuffer.allocate(4096);
                ByteArrayOutputStream seen = new ByteArrayOutputStream();
                while (!seen.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n") && c.read(in) > 0) {
                    in.flip();
                    seen.write(in.array(), 0, in.limit());
                    in.clear();
                }
                byte[] body = (pid + " java\n").getBytes(StandardCharsets.US_ASCII);
                String head = "HTTP/1.0 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n";
                c.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
                c.write(ByteBuffer.wrap(body));
            }
        }
    }
}
