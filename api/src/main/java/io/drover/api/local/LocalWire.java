package io.drover.api.local;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.OutputStream;
import java.io.StreamCorruptedException;

/**
 * The local channel's frames, shared by the daemon and the CLI: a 4-byte length, a kind, a call id and one
 * value written by {@link OpenValues}. Each frame is read on its own, so the limits hold per frame and a
 * bad frame spoils nothing after it.
 */
public final class LocalWire {
    /** The socket's name in {@code DROVER_HOME}: short, because a socket path holds 107 bytes. */
    public static final String SOCKET = "drover.sock";
    /**
     * Sent in the daemon's greeting; a client refuses a version it does not speak. Version 1 sent every value
     * Java-serialized.
     */
    public static final int VERSION = 2;

    /** Client to daemon: {@code Object[] {method name, String[] parameter types, Object[] arguments}}. */
    public static final byte CALL = 1;
    /** Client to daemon: {@code Object[] {Integer listener id, ObjectName}}. */
    public static final byte ADD_LISTENER = 2;
    /** Client to daemon: {@code Integer} listener id. */
    public static final byte REMOVE_LISTENER = 3;
    /** Daemon to client, first frame of an accepted connection: {@code Integer} version. */
    public static final byte HELLO = 10;
    /** Daemon to client, then it closes: one line saying who may manage the daemon. */
    public static final byte DENIED = 11;
    /** Daemon to client, then it closes: one line saying the daemon has no room for another connection. */
    public static final byte BUSY = 12;
    /** Daemon to client: the call's result. */
    public static final byte RESULT = 13;
    /** Daemon to client: the exception the call threw. */
    public static final byte THROWN = 14;
    /** Daemon to client: a {@code Notification} for the listener whose id the frame carries. */
    public static final byte NOTIFICATION = 15;

    /** The largest frame the daemon reads: requests are names and small open-type values. */
    public static final int MAX_REQUEST = 4 << 20;
    /** The largest frame the client reads: listings of many apps with their settings. */
    public static final int MAX_REPLY = 64 << 20;

    /**
     * The classes the client deserializes in a reply's Java-serialized values (exceptions, an {@code
     * MBeanInfo}): JMX's, the JDK's exceptions and the collections inside them. Nothing else, whatever the
     * class path holds. The daemon deserializes nothing.
     */
    public static final String ALLOWED = "java.lang.*;java.math.BigInteger;java.math.BigDecimal;java.util.*;"
            + "javax.management.*;javax.management.openmbean.*;!*";

    private static final int HEADER = 5;

    private LocalWire() {
        /* no instances */
    }

    /** One frame as read: its kind, call (or listener) id and serialized value. */
    public record Frame(byte kind, int id, byte[] body) {
        /**
         * The value of a frame the daemon read: JMX open data only, whatever kind the frame claims, so a
         * client that writes its own bytes can make the daemon build no Java-serialized object.
         *
         * @throws java.io.ObjectStreamException for a malformed value or a Java-serialized one
         */
        public Object request() throws IOException {
            return OpenValues.read(body, false);
        }

        /**
         * The value of a frame the client read: it may also hold Java-serialized values (exceptions),
         * read through the allow-list filter.
         *
         * @throws java.io.ObjectStreamException for a malformed value or a class outside {@link #ALLOWED}
         */
        public Object reply() throws IOException {
            return OpenValues.read(body, true);
        }

        /** Whether the frame comes from a daemon speaking version 1 of the channel, which Java-serialized values. */
        public boolean fromVersion1() {
            return body.length >= 2 && body[0] == (byte) 0xac && body[1] == (byte) 0xed;
        }
    }

    /** The filter for one frame of {@code bytes} bytes. */
    public static ObjectInputFilter filter(int bytes) {
        return ObjectInputFilter.Config.createFilter(
                "maxdepth=64;maxarray=1000000;maxrefs=1000000;maxbytes=" + bytes + ";" + ALLOWED);
    }

    /** Whether frames of {@code kind} go from the daemon to a client. */
    static boolean fromDaemon(byte kind) {
        return kind >= HELLO;
    }

    /**
     * A whole frame, length prefix included, ready for one write.
     *
     * @throws java.io.NotSerializableException for a request holding a value other than JMX open data, or a
     *     reply holding one that is neither that nor serializable
     */
    public static byte[] encode(byte kind, int id, Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        bytes.write(new byte[4 + HEADER]);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            OpenValues.write(out, value, fromDaemon(kind));
        }
        byte[] frame = bytes.toByteArray();
        int length = frame.length - 4;
        frame[0] = (byte) (length >>> 24);
        frame[1] = (byte) (length >>> 16);
        frame[2] = (byte) (length >>> 8);
        frame[3] = (byte) length;
        frame[4] = kind;
        frame[5] = (byte) (id >>> 24);
        frame[6] = (byte) (id >>> 16);
        frame[7] = (byte) (id >>> 8);
        frame[8] = (byte) id;
        return frame;
    }

    /**
     * Reads the next frame.
     *
     * @return null at a clean end of the stream (between frames)
     * @throws StreamCorruptedException for a frame over {@code limit} bytes or shorter than its header
     */
    public static Frame read(InputStream stream, int limit) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length =
                (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (length < HEADER || length > limit) {
            throw new StreamCorruptedException(
                    "a frame of " + Integer.toUnsignedString(length) + " bytes (at most " + limit + ")");
        }
        byte kind = in.readByte();
        int id = in.readInt();
        byte[] body = new byte[length - HEADER];
        in.readFully(body);
        return new Frame(kind, id, body);
    }

    /** Writes one encoded frame. */
    public static void write(OutputStream out, byte[] frame) throws IOException {
        out.write(frame);
        out.flush();
    }
}
