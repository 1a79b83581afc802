package io.drover.daemon.jmx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.drover.api.local.LocalWire;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectStreamException;

/**
 * Coverage-guided fuzzing, with Jazzer, of what the root daemon reads from a local client: whatever the
 * bytes, reading a frame and its request ends in a value or an {@link ObjectStreamException} (an {@link
 * EOFException} for a frame cut short), never another exception, a memory blow-up or a hang.
 *
 * <p>{@code mvn verify} replays the inputs under {@code LocalRequestFuzzTestsInputs/} (seeds and every crash
 * found so far) and then fuzzes for a bounded time (the {@code fuzz-local} execution of the daemon's pom).
 */
class LocalRequestFuzzTests {
    @FuzzTest(maxDuration = "15s")
    void anyBytesGiveARequestOrAnObjectStreamException(byte[] bytes) throws IOException {
        LocalWire.Frame f;
        try {
            f = LocalWire.read(new ByteArrayInputStream(bytes), LocalWire.MAX_REQUEST);
            if (f != null) {
                f.request();
            }
        } catch (ObjectStreamException | EOFException expected) {
            // refused, with a reason: the daemon closes this connection only
        }
    }
}
