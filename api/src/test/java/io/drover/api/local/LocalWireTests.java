package io.drover.api.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.StreamCorruptedException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

/** The local channel's frames: what crosses, and what the filter stops, with crafted frames. */
class LocalWireTests {
    private static LocalWire.Frame roundTrip(Object value) throws IOException {
        byte[] frame = LocalWire.encode(LocalWire.RESULT, 7, value);
        return LocalWire.read(new ByteArrayInputStream(frame), LocalWire.MAX_REPLY);
    }

    @Test
    void openTypesNamesNotificationsAndJdkExceptionsCross() throws Exception {
        CompositeType type = new CompositeType(
                "App", "an app", new String[] {"name", "pid"}, new String[] {"name", "pid"}, new OpenType<?>[] {
                    SimpleType.STRING, SimpleType.LONG
                });
        CompositeData app = new CompositeDataSupport(type, new String[] {"name", "pid"}, new Object[] {"web", 42L});
        Notification n = new Notification("drover.instance.online", new ObjectName("io.drover:type=Daemon"), 1, "up");
        n.setUserData(app);
        Object[] values = {app, new ObjectName("io.drover:type=App,name=web"), n, new IllegalArgumentException("no")};
        LocalWire.Frame f = roundTrip(values);
        assertEquals(LocalWire.RESULT, f.kind());
        assertEquals(7, f.id());
        Object[] back = (Object[]) f.value();
        assertEquals(app, back[0]);
        assertEquals(values[1], back[1]);
        assertEquals(app, ((Notification) back[2]).getUserData());
        assertEquals("no", ((IllegalArgumentException) back[3]).getMessage());
    }

    @Test
    void aClassOutsideTheAllowListIsRefusedBeforeItIsBuilt() throws Exception {
        LocalWire.Frame f = roundTrip(new Object[] {"getAttribute", new URL("http://example.org/")});
        InvalidClassException e = assertThrows(InvalidClassException.class, f::value);
        assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefused() throws Exception {
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        LocalWire.Frame f = roundTrip(deep);
        assertThrows(InvalidClassException.class, f::value);
    }

    @Test
    void aFrameOverTheLimitIsRefusedFromItsLengthAlone() {
        byte[] header = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, LocalWire.CALL, 0, 0, 0, 1};
        StreamCorruptedException e = assertThrows(
                StreamCorruptedException.class,
                () -> LocalWire.read(new ByteArrayInputStream(header), LocalWire.MAX_REQUEST));
        assertTrue(e.getMessage().contains("at most " + LocalWire.MAX_REQUEST), e.getMessage());
    }

    @Test
    void anEndBetweenFramesIsNoFrame() throws Exception {
        assertNull(LocalWire.read(new ByteArrayInputStream(new byte[0]), LocalWire.MAX_REQUEST));
    }
}
