package io.drover.api.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.Test;

/** The local channel's frames: what crosses each way, and what a crafted frame cannot make either side build. */
class LocalWireTests {
    private static final CompositeType APP = type();
    private static final TabularType METRICS = metrics();

    private static CompositeType type() {
        try {
            return new CompositeType(
                    "App",
                    "an app",
                    new String[] {"name", "pid", "cpu", "up", "args"},
                    new String[] {"name", "pid", "cpu", "up", "args"},
                    new OpenType<?>[] {
                        SimpleType.STRING,
                        SimpleType.LONG,
                        SimpleType.DOUBLE,
                        SimpleType.BOOLEAN,
                        new ArrayType<>(1, SimpleType.STRING)
                    });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TabularType metrics() {
        try {
            CompositeType row = new CompositeType(
                    "Metric",
                    "a metric",
                    new String[] {"key", "value"},
                    new String[] {"key", "value"},
                    new OpenType<?>[] {SimpleType.STRING, SimpleType.DOUBLE});
            return new TabularType("Metrics", "metrics", row, new String[] {"key"});
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static CompositeData app(int i) throws Exception {
        return new CompositeDataSupport(APP, new String[] {"name", "pid", "cpu", "up", "args"}, new Object[] {
            "web-" + i, 1000L + i, 0.5 * i, i % 2 == 0, new String[] {"--port", Integer.toString(3000 + i)}
        });
    }

    private static LocalWire.Frame roundTrip(byte kind, Object value) throws IOException {
        byte[] frame = LocalWire.encode(kind, 7, value);
        return LocalWire.read(new ByteArrayInputStream(frame), LocalWire.MAX_REPLY);
    }

    /** A request frame whose value is {@code body}, as a client that writes its own bytes would send. */
    private static LocalWire.Frame request(byte[] body) {
        return new LocalWire.Frame(LocalWire.CALL, 1, body);
    }

    @Test
    void everyOpenValueCrossesBothWaysAsItWasSent() throws Exception {
        TabularDataSupport table = new TabularDataSupport(METRICS);
        table.put(new CompositeDataSupport(
                METRICS.getRowType(), new String[] {"key", "value"}, new Object[] {"queue", 12.0}));
        AttributeList attributes = new AttributeList();
        attributes.add(new Attribute("Version", "1.0"));
        attributes.add(new Attribute("Pid", 42L));
        Object[] values = {
            null,
            "é ✓ text",
            true,
            (byte) -3,
            (short) 300,
            -7,
            1L << 40,
            1.5f,
            Double.NaN,
            'x',
            new BigInteger("123456789012345678901234567890"),
            new BigDecimal("-12.345"),
            new Date(1_700_000_000_000L),
            new ObjectName("io.drover:type=App,name=web"),
            app(1),
            new CompositeData[] {app(2), app(3)},
            table,
            new int[] {1, 2, 3},
            new long[][] {{1L}, {2L, 3L}},
            new String[] {"a", null},
            new Attribute("Instances", 4),
            attributes,
            new ArrayList<>(List.of("x", 1)),
            Set.of(new ObjectName("io.drover:type=Daemon"))
        };
        for (byte kind : new byte[] {LocalWire.CALL, LocalWire.RESULT}) {
            LocalWire.Frame f = roundTrip(kind, values);
            Object[] back = (Object[]) (kind == LocalWire.CALL ? f.request() : f.reply());
            assertEquals(values.length, back.length);
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null && values[i].getClass().isArray()) {
                    assertEquals(values[i].getClass(), back[i].getClass(), "the array's own class");
                    assertTrue(Arrays.deepEquals(new Object[] {values[i]}, new Object[] {back[i]}), "value " + i);
                } else if (values[i] instanceof Attribute a) {
                    assertEquals(a, back[i]);
                } else if (values[i] instanceof AttributeList l) {
                    assertEquals(l.asList(), ((AttributeList) back[i]).asList());
                } else {
                    assertEquals(values[i], back[i], "value " + i);
                }
            }
        }
    }

    @Test
    void aCompositeReadFromAFrameBehavesAsTheJdksOwn() throws Exception {
        CompositeData sent = app(5);
        CompositeData read = (CompositeData) roundTrip(LocalWire.RESULT, sent).reply();
        assertEquals(sent, read);
        assertEquals(read, sent, "equal both ways");
        assertEquals(sent.hashCode(), read.hashCode(), "hashed alike, the String[] item included");
        assertEquals(sent.toString(), read.toString());
        assertTrue(
                Arrays.deepEquals(sent.values().toArray(), read.values().toArray()),
                "the values in the same (sorted) order");
        assertArrayEquals((String[]) sent.get("args"), (String[]) read.get("args"));
        assertArrayEquals(sent.getAll(new String[] {"pid", "name"}), read.getAll(new String[] {"pid", "name"}));
        assertTrue(read.containsKey("cpu"));
        assertFalse(read.containsKey("nope"));
        assertTrue(read.containsValue(1005L));
        assertTrue(read.containsValue(new String[] {"--port", "3005"}), "arrays compared deeply, as the JDK does");
        assertThrows(javax.management.openmbean.InvalidKeyException.class, () -> read.get("nope"));
        assertThrows(IllegalArgumentException.class, () -> read.get(""));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(read);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
            Object back = in.readObject();
            assertInstanceOf(CompositeDataSupport.class, back, "Java serialization writes the JDK's class");
            assertEquals(sent, back);
        }
    }

    @Test
    void aCompositeItemNotOfItsTypeIsRefused() throws Exception {
        CompositeData lying =
                new CompositeDataSupport(
                        APP, new String[] {"name", "pid", "cpu", "up", "args"}, new Object[] {"web", 1L, 0.0, true, null
                        }) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public java.util.Collection<?> values() {
                        return Arrays.asList(null, "not a number", 0.0, "web", true); // args, cpu, name, pid, up
                    }
                };
        byte[] frame = LocalWire.encode(LocalWire.CALL, 1, new Object[] {lying});
        byte[] body = Arrays.copyOfRange(frame, 9, frame.length);
        ObjectStreamException e = assertThrows(ObjectStreamException.class, request(body)::request);
        assertTrue(e.getMessage().contains("'cpu'"), e.getMessage());
    }

    @Test
    void notificationsCarryTheirOpenUserData() throws Exception {
        Notification n =
                new Notification("drover.instance.online", new ObjectName("io.drover:type=Daemon"), 9, 5L, "up");
        n.setUserData(app(4));
        Notification back = (Notification) roundTrip(LocalWire.NOTIFICATION, n).reply();
        assertEquals(n.getType(), back.getType());
        assertEquals(n.getSource(), back.getSource());
        assertEquals(9, back.getSequenceNumber());
        assertEquals(5L, back.getTimeStamp());
        assertEquals("up", back.getMessage());
        assertEquals(app(4), back.getUserData());
    }

    @Test
    void aListingWritesEachOpenTypeOnce() throws Exception {
        CompositeData[] listing = new CompositeData[1000];
        for (int i = 0; i < listing.length; i++) {
            listing[i] = app(i);
        }
        byte[] frame = LocalWire.encode(LocalWire.RESULT, 1, listing);
        String text = new String(frame, StandardCharsets.ISO_8859_1);
        assertEquals(text.indexOf("an app"), text.lastIndexOf("an app"), "the composite type is written once");
        assertArrayEquals(
                listing, (CompositeData[]) roundTrip(LocalWire.RESULT, listing).reply());
    }

    @Test
    void repliesCarryExceptionsAndOtherSerializableValuesJavaSerialized() throws Exception {
        Object[] back = (Object[]) roundTrip(LocalWire.THROWN, new Object[] {
                    new IllegalArgumentException("no", new IllegalStateException("because")),
                    new MBeanInfo("x", "d", new MBeanAttributeInfo[0], null, null, null)
                })
                .reply();
        IllegalArgumentException e = assertInstanceOf(IllegalArgumentException.class, back[0]);
        assertEquals("no", e.getMessage());
        assertEquals("because", e.getCause().getMessage());
        assertEquals("x", ((MBeanInfo) back[1]).getClassName());
    }

    @Test
    void aRequestHoldingAnythingButOpenDataIsRefusedBeforeItIsSent() {
        NotSerializableException e = assertThrows(
                NotSerializableException.class,
                () -> LocalWire.encode(LocalWire.CALL, 1, new Object[] {new IllegalStateException("x")}));
        assertTrue(e.getMessage().startsWith("java.lang.IllegalStateException (the local channel"), e.getMessage());
    }

    @Test
    void theDaemonBuildsNoJavaSerializedValueARequestHolds() throws Exception {
        Tripwire.TRIPPED.set(false);
        byte[] reply = LocalWire.encode(LocalWire.RESULT, 1, new Object[] {"getAttribute", new Tripwire()});
        byte[] body = Arrays.copyOfRange(reply, 9, reply.length);
        for (byte kind : new byte[] {LocalWire.CALL, LocalWire.RESULT, LocalWire.THROWN}) {
            // whatever kind the frame claims, the daemon reads a request
            InvalidClassException e =
                    assertThrows(InvalidClassException.class, new LocalWire.Frame(kind, 1, body)::request);
            assertTrue(e.getMessage().contains("open data only"), e.getMessage());
        }
        assertFalse(Tripwire.TRIPPED.get());
    }

    @Test
    void aClassOutsideTheAllowListIsRefusedBeforeItIsBuilt() throws Exception {
        Tripwire.TRIPPED.set(false);
        LocalWire.Frame f = roundTrip(LocalWire.RESULT, new Object[] {new URL("http://example.org/"), new Tripwire()});
        InvalidClassException e = assertThrows(InvalidClassException.class, f::reply);
        assertTrue(e.getMessage().contains("REJECTED"), e.getMessage());
        assertFalse(Tripwire.TRIPPED.get());
    }

    @Test
    void nestingBeyondTheDepthLimitIsRefusedEitherWay() throws Exception {
        List<Object> deep = new ArrayList<>();
        List<Object> cur = deep;
        for (int i = 0; i < 100; i++) {
            List<Object> next = new ArrayList<>();
            cur.add(next);
            cur = next;
        }
        assertThrows(NotSerializableException.class, () -> LocalWire.encode(LocalWire.RESULT, 1, deep));
        ByteArrayOutputStream crafted = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            crafted.write(new byte[] {OpenValues.LIST, 0, 0, 0, 1});
        }
        crafted.write(OpenValues.NULL);
        ObjectStreamException e = assertThrows(ObjectStreamException.class, request(crafted.toByteArray())::request);
        assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
    }

    @Test
    void aCountLargerThanTheFrameIsRefusedBeforeAnythingIsAllocated() {
        byte[] name = "java.lang.Object".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(OpenValues.ARRAY);
        b.writeBytes(new byte[] {0, 0, 0, (byte) name.length});
        b.writeBytes(name);
        b.writeBytes(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        StreamCorruptedException e = assertThrows(StreamCorruptedException.class, request(b.toByteArray())::request);
        assertTrue(e.getMessage().startsWith("a count of 2147483647 with 0 bytes left"), e.getMessage());
    }

    @Test
    void anArrayHoldsOnlyValuesOfItsOwnClass() throws Exception {
        byte[] frame = LocalWire.encode(LocalWire.CALL, 1, new Object[] {42});
        String text = new String(frame, StandardCharsets.ISO_8859_1).replace("java.lang.Object", "java.lang.String");
        byte[] body = Arrays.copyOfRange(text.getBytes(StandardCharsets.ISO_8859_1), 9, frame.length);
        ObjectStreamException e = assertThrows(ObjectStreamException.class, request(body)::request);
        assertTrue(e.getMessage().contains("java.lang.Integer in an array of java.lang.String"), e.getMessage());
        byte[] other = LocalWire.encode(LocalWire.CALL, 1, new Object[] {"x"});
        String url = new String(other, StandardCharsets.ISO_8859_1).replace("java.lang.Object", "[[Ljava.net.URL;");
        byte[] urls = Arrays.copyOfRange(url.getBytes(StandardCharsets.ISO_8859_1), 9, other.length);
        assertThrows(InvalidClassException.class, request(urls)::request, "an array of a class no open type has");
    }

    @Test
    void randomDamageToARequestIsAnObjectStreamExceptionOrAValueNeverAnythingElse() throws Exception {
        TabularDataSupport table = new TabularDataSupport(METRICS);
        table.put(new CompositeDataSupport(
                METRICS.getRowType(), new String[] {"key", "value"}, new Object[] {"queue", 12.0}));
        byte[] frame = LocalWire.encode(LocalWire.CALL, 1, new Object[] {
            "invoke",
            new String[] {"javax.management.ObjectName", "java.lang.String"},
            new Object[] {new ObjectName("io.drover:type=App,name=web"), app(1), table, new long[] {1, 2}}
        });
        byte[] body = Arrays.copyOfRange(frame, 9, frame.length);
        Random random = new Random(18);
        for (int round = 0; round < 20_000; round++) {
            byte[] damaged = body.clone();
            for (int hits = 1 + random.nextInt(4); hits > 0; hits--) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(8) == 0) {
                damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            try {
                request(damaged).request();
            } catch (ObjectStreamException expected) {
                // refused, with a reason
            }
        }
    }

    @Test
    void aGreetingOfTheJavaSerializingVersionIsRecognised() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(1);
        }
        assertTrue(new LocalWire.Frame(LocalWire.HELLO, 0, b.toByteArray()).fromVersion1());
        assertFalse(roundTrip(LocalWire.HELLO, LocalWire.VERSION).fromVersion1());
        assertEquals(
                LocalWire.VERSION, roundTrip(LocalWire.HELLO, LocalWire.VERSION).reply());
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

    /** Says whether Java deserialization ever built it. */
    static final class Tripwire implements Serializable {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean TRIPPED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            TRIPPED.set(true);
            in.defaultReadObject();
        }
    }
}
