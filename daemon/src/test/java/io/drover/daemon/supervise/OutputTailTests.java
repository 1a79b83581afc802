package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.daemon.spawn.ProcessListener.Stream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTests {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theLastBytesOfEachStreamAreKeptAcrossChunksWithoutConsumingThem() {
        OutputTail tail = new OutputTail();
        ByteBuffer first = bytes("x".repeat(OutputTail.KEPT * 2) + "starting\n");
        tail.add(Stream.STDOUT, first);
        assertEquals(OutputTail.KEPT * 2 + 9, first.remaining(), "the sink still gets every byte");
        tail.add(Stream.STDERR, bytes("Address already"));
        tail.add(Stream.STDERR, bytes(" in use\n"));
        String text = tail.text();
        assertEquals(OutputTail.KEPT + 1 + 23, text.length());
        assertEquals(("x".repeat(OutputTail.KEPT - 9) + "starting\n") + "\n" + "Address already in use\n", text);
    }

    @Test
    void aLongRunOfSmallChunksKeepsExactlyTheEnd() {
        OutputTail tail = new OutputTail();
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            tail.add(Stream.STDERR, bytes(i + "\n"));
            all.append(i).append('\n');
        }
        assertEquals("\n" + all.substring(all.length() - OutputTail.KEPT), tail.text());
    }
}
