package io.drover.api.local;

import io.drover.api.open.OpenComposite;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.StreamCorruptedException;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.MalformedObjectNameException;
import javax.management.Notification;
import javax.management.ObjectName;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * The values of the local channel, written tag by tag: JMX open data (the simple types, arrays, composite
 * and tabular data, with each open type written once per frame), object names, attributes, lists, sets
 * and notifications. That is every value an MXBean call carries, and all the daemon ever reads, so the root
 * daemon builds no object a client names by class. Replies may also hold what these tags cannot say (an
 * exception, an {@code MBeanInfo}): those cross Java-serialized, and the client reads them through {@link
 * LocalWire#ALLOWED}.
 *
 * <p>Reading is bounded by the frame: a count or a length is never larger than the bytes left, nesting
 * stops at {@link #MAX_DEPTH}, and anything malformed is an {@link java.io.ObjectStreamException}.
 */
final class OpenValues {
    static final int MAX_DEPTH = 64;
    /** The most values one frame may hold, as Java serialization's filter allowed references. */
    static final int MAX_VALUES = 1_000_000;

    static final byte NULL = 0;
    static final byte STRING = 1;
    static final byte BOOLEAN = 2;
    static final byte BYTE = 3;
    static final byte SHORT = 4;
    static final byte INT = 5;
    static final byte LONG = 6;
    static final byte FLOAT = 7;
    static final byte DOUBLE = 8;
    static final byte CHAR = 9;
    static final byte BIG_INTEGER = 10;
    static final byte BIG_DECIMAL = 11;
    static final byte DATE = 12;
    static final byte OBJECT_NAME = 13;
    static final byte ARRAY = 14;
    static final byte COMPOSITE = 15;
    static final byte TABULAR = 16;
    static final byte LIST = 17;
    static final byte SET = 18;
    static final byte ATTRIBUTE = 19;
    static final byte ATTRIBUTE_LIST = 20;
    static final byte NOTIFICATION = 21;
    /** Replies only: a Java-serialized value, read through the allow list. */
    static final byte SERIALIZED = 22;

    // an open type: defined where it first appears in a frame, referred to by number after that
    static final byte TYPE_REF = 0;
    static final byte TYPE_SIMPLE = 1;
    static final byte TYPE_ARRAY = 2;
    static final byte TYPE_COMPOSITE = 3;
    static final byte TYPE_TABULAR = 4;

    /** The simple open types, by their number on the wire. */
    private static final List<SimpleType<?>> SIMPLE = List.of(
            SimpleType.VOID,
            SimpleType.BOOLEAN,
            SimpleType.CHARACTER,
            SimpleType.BYTE,
            SimpleType.SHORT,
            SimpleType.INTEGER,
            SimpleType.LONG,
            SimpleType.FLOAT,
            SimpleType.DOUBLE,
            SimpleType.STRING,
            SimpleType.BIGDECIMAL,
            SimpleType.BIGINTEGER,
            SimpleType.DATE,
            SimpleType.OBJECTNAME);

    /** The element classes an array may have (besides arrays of these): the open types' classes. */
    private static final Map<String, Class<?>> ELEMENTS = elements();

    private OpenValues() {
        /* no instances */
    }

    private static Map<String, Class<?>> elements() {
        Map<String, Class<?>> m = new HashMap<>();
        for (Class<?> c : List.of(
                Object.class,
                String.class,
                Boolean.class,
                Character.class,
                Byte.class,
                Short.class,
                Integer.class,
                Long.class,
                Float.class,
                Double.class,
                BigDecimal.class,
                BigInteger.class,
                Date.class,
                ObjectName.class,
                CompositeData.class,
                TabularData.class,
                boolean.class,
                char.class,
                byte.class,
                short.class,
                int.class,
                long.class,
                float.class,
                double.class)) {
            m.put(c.getName(), c);
        }
        return Map.copyOf(m);
    }

    /**
     * Writes {@code value}.
     *
     * @param serializeOthers whether a value no tag carries goes Java-serialized (replies), or is refused
     *     (requests)
     * @throws NotSerializableException for a value the frame cannot carry
     */
    static void write(DataOutputStream out, Object value, boolean serializeOthers) throws IOException {
        new Writer(out, serializeOthers).value(value, 0);
    }

    /**
     * Reads one value from {@code body}, which must hold exactly it.
     *
     * @param serialized whether Java-serialized values may appear (replies, on the client's side)
     */
    static Object read(byte[] body, boolean serialized) throws IOException {
        Reader r = new Reader(body, serialized);
        Object v;
        try {
            v = r.value(0);
        } catch (OpenDataException | RuntimeException e) {
            // an open type or value the JDK refuses to build, a bad name, an index out of bounds
            InvalidObjectException bad = new InvalidObjectException("a malformed value: " + e);
            bad.initCause(e);
            throw bad;
        }
        if (r.pos != body.length) {
            throw new StreamCorruptedException((body.length - r.pos) + " bytes after the value");
        }
        return v;
    }

    private static final class Writer {
        private final DataOutputStream out;
        private final boolean serializeOthers;
        private final Map<OpenType<?>, Integer> types = new HashMap<>();

        Writer(DataOutputStream out, boolean serializeOthers) {
            this.out = out;
            this.serializeOthers = serializeOthers;
        }

        void value(Object v, int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new NotSerializableException("a value nested deeper than " + MAX_DEPTH);
            }
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                string(s);
            } else if (v instanceof Integer i) {
                out.writeByte(INT);
                out.writeInt(i);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (v instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            } else if (v instanceof CompositeData c) {
                out.writeByte(COMPOSITE);
                composite(c, depth);
            } else if (v.getClass().isArray()
                    && ELEMENTS.containsKey(elementOf(v.getClass()).getName())) {
                out.writeByte(ARRAY);
                string(v.getClass().getComponentType().getName());
                int n = Array.getLength(v);
                out.writeInt(n);
                for (int i = 0; i < n; i++) {
                    value(Array.get(v, i), depth + 1);
                }
            } else if (v instanceof ObjectName n) {
                out.writeByte(OBJECT_NAME);
                string(n.getCanonicalName());
            } else if (v instanceof TabularData t) {
                out.writeByte(TABULAR);
                type(t.getTabularType());
                out.writeInt(t.size());
                for (Object row : t.values()) {
                    fields((CompositeData) row, depth);
                }
            } else if (v instanceof Byte b) {
                out.writeByte(BYTE);
                out.writeByte(b);
            } else if (v instanceof Short s) {
                out.writeByte(SHORT);
                out.writeShort(s);
            } else if (v instanceof Float f) {
                out.writeByte(FLOAT);
                out.writeFloat(f);
            } else if (v instanceof Character c) {
                out.writeByte(CHAR);
                out.writeChar(c);
            } else if (v instanceof BigInteger b && b.getClass() == BigInteger.class) {
                out.writeByte(BIG_INTEGER);
                bytes(b.toByteArray());
            } else if (v instanceof BigDecimal b && b.getClass() == BigDecimal.class) {
                out.writeByte(BIG_DECIMAL);
                out.writeInt(b.scale());
                bytes(b.unscaledValue().toByteArray());
            } else if (v.getClass() == Date.class) {
                out.writeByte(DATE);
                out.writeLong(((Date) v).getTime());
            } else if (v.getClass() == Attribute.class) {
                out.writeByte(ATTRIBUTE);
                attribute((Attribute) v, depth);
            } else if (v.getClass() == AttributeList.class) {
                AttributeList l = (AttributeList) v;
                out.writeByte(ATTRIBUTE_LIST);
                out.writeInt(l.size());
                for (Attribute a : l.asList()) {
                    attribute(a, depth);
                }
            } else if (v instanceof List || v instanceof Set) {
                Collection<?> c = (Collection<?>) v;
                out.writeByte(v instanceof List ? LIST : SET);
                out.writeInt(c.size());
                for (Object e : c) {
                    value(e, depth + 1);
                }
            } else if (v.getClass() == Notification.class) {
                Notification n = (Notification) v;
                out.writeByte(NOTIFICATION);
                string(n.getType());
                value(n.getSource(), depth + 1);
                out.writeLong(n.getSequenceNumber());
                out.writeLong(n.getTimeStamp());
                value(n.getMessage(), depth + 1);
                value(n.getUserData(), depth + 1);
            } else if (serializeOthers) {
                out.writeByte(SERIALIZED);
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                try (ObjectOutputStream o = new ObjectOutputStream(b)) {
                    o.writeObject(v);
                }
                bytes(b.toByteArray());
            } else {
                throw new NotSerializableException(
                        v.getClass().getName() + " (the local channel carries JMX open data to the daemon)");
            }
        }

        private void composite(CompositeData c, int depth) throws IOException {
            type(c.getCompositeType());
            fields(c, depth);
        }

        /**
         * The values of {@code c}, in its type's (sorted) item order, without the type: the order in which
         * {@link CompositeData#values()} returns them, which is cheaper than asking for each by name.
         */
        private void fields(CompositeData c, int depth) throws IOException {
            Collection<?> values = c.values();
            if (values.size() == c.getCompositeType().keySet().size()) {
                for (Object v : values) {
                    value(v, depth + 1);
                }
                return;
            }
            for (String item : c.getCompositeType().keySet()) { // an implementation that breaks the contract
                value(c.get(item), depth + 1);
            }
        }

        private void attribute(Attribute a, int depth) throws IOException {
            string(a.getName());
            value(a.getValue(), depth + 1);
        }

        private void type(OpenType<?> t) throws IOException {
            Integer seen = types.get(t);
            if (seen != null) {
                out.writeByte(TYPE_REF);
                out.writeInt(seen);
                return;
            }
            if (t instanceof SimpleType<?> s) {
                out.writeByte(TYPE_SIMPLE);
                out.writeByte(SIMPLE.indexOf(s));
            } else if (t instanceof ArrayType<?> a) {
                out.writeByte(TYPE_ARRAY);
                out.writeInt(a.getDimension());
                out.writeBoolean(a.isPrimitiveArray());
                type(a.getElementOpenType());
            } else if (t instanceof CompositeType c) {
                out.writeByte(TYPE_COMPOSITE);
                string(c.getTypeName());
                string(c.getDescription());
                out.writeInt(c.keySet().size());
                for (String item : c.keySet()) {
                    string(item);
                    string(c.getDescription(item));
                    type(c.getType(item));
                }
            } else if (t instanceof TabularType tt) {
                out.writeByte(TYPE_TABULAR);
                string(tt.getTypeName());
                string(tt.getDescription());
                type(tt.getRowType());
                out.writeInt(tt.getIndexNames().size());
                for (String index : tt.getIndexNames()) {
                    string(index);
                }
            } else {
                throw new NotSerializableException(
                        "the open type " + t.getClass().getName());
            }
            types.put(t, types.size());
        }

        private void string(String s) throws IOException {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        private void bytes(byte[] b) throws IOException {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static Class<?> elementOf(Class<?> array) {
        Class<?> c = array;
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    private static final class Reader {
        private final byte[] in;
        private final boolean serialized;
        private final List<OpenType<?>> types = new ArrayList<>();
        private final Map<CompositeType, OpenComposite.Shape> shapes = new HashMap<>();
        private int pos;
        private int values;

        Reader(byte[] in, boolean serialized) {
            this.in = in;
            this.serialized = serialized;
        }

        Object value(int depth) throws IOException, OpenDataException {
            if (depth > MAX_DEPTH) {
                throw new InvalidObjectException("a value nested deeper than " + MAX_DEPTH);
            }
            if (++values > MAX_VALUES) {
                throw new InvalidObjectException("more than " + MAX_VALUES + " values in one frame");
            }
            byte tag = u1();
            return switch (tag) {
                case NULL -> null;
                case STRING -> string();
                case BOOLEAN -> u1() != 0;
                case BYTE -> u1();
                case SHORT -> (short) ((u1() << 8) | (u1() & 0xff));
                case INT -> u4();
                case LONG -> u8();
                case FLOAT -> Float.intBitsToFloat(u4());
                case DOUBLE -> Double.longBitsToDouble(u8());
                case CHAR -> (char) (((u1() & 0xff) << 8) | (u1() & 0xff));
                case BIG_INTEGER -> new BigInteger(bytes());
                case BIG_DECIMAL -> {
                    int scale = u4();
                    yield new BigDecimal(new BigInteger(bytes()), scale);
                }
                case DATE -> new Date(u8());
                case OBJECT_NAME -> objectName();
                case ARRAY -> array(depth);
                case COMPOSITE -> fields(compositeType(), depth);
                case TABULAR -> tabular(depth);
                case LIST, SET -> {
                    int n = count();
                    Collection<Object> c = tag == LIST ? new ArrayList<>(Math.min(n, 1024)) : new HashSet<>();
                    for (int i = 0; i < n; i++) {
                        c.add(value(depth + 1));
                    }
                    yield c;
                }
                case ATTRIBUTE -> attribute(depth);
                case ATTRIBUTE_LIST -> {
                    int n = count();
                    AttributeList l = new AttributeList(Math.min(n, 1024));
                    for (int i = 0; i < n; i++) {
                        l.add(attribute(depth));
                    }
                    yield l;
                }
                case NOTIFICATION -> notification(depth);
                case SERIALIZED -> serialized();
                default -> throw new StreamCorruptedException("a value of unknown tag " + tag);
            };
        }

        private ObjectName objectName() throws IOException {
            String name = string();
            try {
                return ObjectName.getInstance(name);
            } catch (MalformedObjectNameException e) {
                throw new InvalidObjectException("a malformed object name: " + name);
            }
        }

        private Object array(int depth) throws IOException, OpenDataException {
            Class<?> component = component(string());
            int n = count();
            Object a = Array.newInstance(component, n);
            for (int i = 0; i < n; i++) {
                Object e = value(depth + 1);
                if (component.isPrimitive() ? e == null : e != null && !component.isInstance(e)) {
                    throw new InvalidObjectException("a " + describe(e) + " in an array of " + component.getName());
                }
                Array.set(a, i, e); // unboxes, and refuses a box of the wrong primitive
            }
            return a;
        }

        /** An array's component class, by name: an open type's class, or an array of one. */
        private static Class<?> component(String name) throws InvalidClassException {
            Class<?> c = ELEMENTS.get(name);
            if (c != null) {
                return c;
            }
            int dims = 0;
            while (dims < name.length() && name.charAt(dims) == '[') {
                dims++;
            }
            String rest = name.substring(dims);
            Class<?> element = null;
            if (rest.length() == 1) {
                element = switch (rest.charAt(0)) {
                    case 'Z' -> boolean.class;
                    case 'C' -> char.class;
                    case 'B' -> byte.class;
                    case 'S' -> short.class;
                    case 'I' -> int.class;
                    case 'J' -> long.class;
                    case 'F' -> float.class;
                    case 'D' -> double.class;
                    default -> null;
                };
            } else if (rest.startsWith("L") && rest.endsWith(";")) {
                element = ELEMENTS.get(rest.substring(1, rest.length() - 1));
            }
            if (dims == 0 || dims > 255 || element == null) {
                throw new InvalidClassException(name, "not an array the local channel carries");
            }
            return Array.newInstance(element, new int[dims]).getClass();
        }

        private CompositeData fields(CompositeType type, int depth) throws IOException, OpenDataException {
            OpenComposite.Shape shape = shapes.computeIfAbsent(type, OpenComposite.Shape::new);
            Object[] values = new Object[shape.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(depth + 1);
            }
            return new OpenComposite(shape, values);
        }

        private TabularData tabular(int depth) throws IOException, OpenDataException {
            OpenType<?> t = type(0);
            if (!(t instanceof TabularType type)) {
                throw new InvalidObjectException("tabular data of the type " + t);
            }
            int n = count();
            TabularDataSupport table = new TabularDataSupport(type);
            for (int i = 0; i < n; i++) {
                table.put(fields(type.getRowType(), depth));
            }
            return table;
        }

        private CompositeType compositeType() throws IOException, OpenDataException {
            OpenType<?> t = type(0);
            if (!(t instanceof CompositeType c)) {
                throw new InvalidObjectException("composite data of the type " + t);
            }
            return c;
        }

        private Attribute attribute(int depth) throws IOException, OpenDataException {
            String name = string();
            return new Attribute(name, value(depth + 1));
        }

        private Notification notification(int depth) throws IOException, OpenDataException {
            String type = string();
            Object source = value(depth + 1);
            long sequence = u8();
            long time = u8();
            Object message = value(depth + 1);
            Object data = value(depth + 1);
            if (source == null || (message != null && !(message instanceof String))) {
                throw new InvalidObjectException("a notification without a source or with a message not text");
            }
            Notification n = new Notification(type, source, sequence, time, (String) message);
            n.setUserData(data);
            return n;
        }

        private Object serialized() throws IOException {
            if (!serialized) {
                throw new InvalidClassException("a Java-serialized value", "the daemon reads JMX open data only");
            }
            byte[] b = bytes();
            try (ObjectInputStream o = new ObjectInputStream(new ByteArrayInputStream(b))) {
                o.setObjectInputFilter(LocalWire.filter(b.length));
                return o.readObject();
            } catch (ClassNotFoundException e) {
                throw new InvalidClassException(e.getMessage(), "not on this side's class path");
            }
        }

        private OpenType<?> type(int depth) throws IOException, OpenDataException {
            if (depth > MAX_DEPTH) {
                throw new InvalidObjectException("an open type nested deeper than " + MAX_DEPTH);
            }
            byte tag = u1();
            if (tag == TYPE_REF) {
                int ref = u4();
                if (ref < 0 || ref >= types.size()) {
                    throw new StreamCorruptedException("a reference to open type " + ref + " of " + types.size());
                }
                return types.get(ref);
            }
            OpenType<?> t =
                    switch (tag) {
                        case TYPE_SIMPLE -> {
                            int i = u1();
                            if (i < 0 || i >= SIMPLE.size()) {
                                throw new StreamCorruptedException("simple open type " + i);
                            }
                            yield SIMPLE.get(i);
                        }
                        case TYPE_ARRAY -> {
                            int dims = u4();
                            if (dims < 1 || dims > 255) { // the JVM's limit
                                throw new StreamCorruptedException("an array type of " + dims + " dimensions");
                            }
                            boolean primitive = u1() != 0;
                            OpenType<?> element = type(depth + 1);
                            if (!primitive) {
                                yield new ArrayType<>(dims, element);
                            }
                            ArrayType<?> one = new ArrayType<>((SimpleType<?>) element, true);
                            yield dims == 1 ? one : new ArrayType<>(dims - 1, one);
                        }
                        case TYPE_COMPOSITE -> {
                            String name = string();
                            String description = string();
                            int n = count();
                            String[] names = new String[n];
                            String[] descriptions = new String[n];
                            OpenType<?>[] itemTypes = new OpenType<?>[n];
                            for (int i = 0; i < n; i++) {
                                names[i] = string();
                                descriptions[i] = string();
                                itemTypes[i] = type(depth + 1);
                            }
                            yield new CompositeType(name, description, names, descriptions, itemTypes);
                        }
                        case TYPE_TABULAR -> {
                            String name = string();
                            String description = string();
                            OpenType<?> row = type(depth + 1);
                            int n = count();
                            String[] index = new String[n];
                            for (int i = 0; i < n; i++) {
                                index[i] = string();
                            }
                            yield new TabularType(name, description, (CompositeType) row, index);
                        }
                        default -> throw new StreamCorruptedException("an open type of unknown tag " + tag);
                    };
            types.add(t);
            return t;
        }

        private static String describe(Object e) {
            return e == null ? "null" : e.getClass().getName();
        }

        /** A count of things that follow, each at least a byte: never more than the bytes left. */
        private int count() throws IOException {
            int n = u4();
            if (n < 0 || n > in.length - pos) {
                throw new StreamCorruptedException("a count of " + n + " with " + (in.length - pos) + " bytes left");
            }
            return n;
        }

        private String string() throws IOException {
            int n = count();
            String s = new String(in, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        private byte[] bytes() throws IOException {
            int n = count();
            byte[] b = new byte[n];
            System.arraycopy(in, pos, b, 0, n);
            pos += n;
            return b;
        }

        private byte u1() throws IOException {
            need(1);
            return in[pos++];
        }

        private int u4() throws IOException {
            need(4);
            int v = ((in[pos] & 0xff) << 24)
                    | ((in[pos + 1] & 0xff) << 16)
                    | ((in[pos + 2] & 0xff) << 8)
                    | (in[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        private long u8() throws IOException {
            long hi = u4() & 0xffffffffL;
            return (hi << 32) | (u4() & 0xffffffffL);
        }

        private void need(int n) throws StreamCorruptedException {
            if (in.length - pos < n) {
                throw new StreamCorruptedException("the value ends early");
            }
        }
    }
}
