package io.drover.api.open;

import java.io.InvalidObjectException;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeDataView;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import javax.management.openmbean.TabularData;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;

/**
 * A Java type of the API and its JMX open type, with the conversions between their values, made by the
 * MXBean type-mapping rules: a client that calls the daemon's beans with {@code MBeanServerConnection.invoke}
 * gets from it what {@code JMX.newMXBeanProxy} would give. Building such a proxy analysed every method of
 * {@code DaemonMXBean} and generated a class, about 25 ms of each {@code drover} command's 100; this maps
 * only the types a call uses.
 *
 * <p>The types are those the API uses: the primitives, their boxes and {@code String}; arrays of
 * primitives; {@code List<E>}; {@code Map<K, V>} (a table of {@code key} and {@code value} rows); records,
 * whose components are the items (one that is a {@link CompositeDataView} makes its own open data). Any
 * other type is refused with {@link OpenDataException}, as an MXBean refuses it.
 */
public abstract class OpenMapping {
    private static final Map<Type, OpenMapping> MAPPINGS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, SimpleType<?>> SIMPLE = Map.ofEntries(
            Map.entry(String.class, SimpleType.STRING),
            Map.entry(Integer.class, SimpleType.INTEGER),
            Map.entry(int.class, SimpleType.INTEGER),
            Map.entry(Long.class, SimpleType.LONG),
            Map.entry(long.class, SimpleType.LONG),
            Map.entry(Double.class, SimpleType.DOUBLE),
            Map.entry(double.class, SimpleType.DOUBLE),
            Map.entry(Boolean.class, SimpleType.BOOLEAN),
            Map.entry(boolean.class, SimpleType.BOOLEAN),
            Map.entry(Float.class, SimpleType.FLOAT),
            Map.entry(float.class, SimpleType.FLOAT),
            Map.entry(Short.class, SimpleType.SHORT),
            Map.entry(short.class, SimpleType.SHORT),
            Map.entry(Byte.class, SimpleType.BYTE),
            Map.entry(byte.class, SimpleType.BYTE),
            Map.entry(Character.class, SimpleType.CHARACTER),
            Map.entry(char.class, SimpleType.CHARACTER),
            Map.entry(void.class, SimpleType.VOID));
    /** The item names of a map's rows; the first is the index. */
    private static final String[] KEY_VALUE = {"key", "value"};

    private final OpenType<?> openType;
    private final Class<?> openClass;

    private OpenMapping(OpenType<?> openType) {
        this.openType = openType;
        try {
            this.openClass = Class.forName(openType.getClassName());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the class of " + openType + " is missing", e);
        }
    }

    private OpenMapping(OpenType<?> openType, Class<?> primitive) {
        this.openType = openType;
        this.openClass = primitive;
    }

    /** The mapping of {@code type}. */
    public static OpenMapping of(Type type) throws OpenDataException {
        return of(type, new HashSet<>());
    }

    /** @param making the types whose mappings are being made: one met again holds itself, as no open type can */
    private static OpenMapping of(Type type, Set<Type> making) throws OpenDataException {
        OpenMapping m = MAPPINGS.get(type);
        if (m == null) {
            // not computeIfAbsent: a record's mapping is made of its components', which come here too
            if (!making.add(type)) {
                throw new OpenDataException("no open type for " + type.getTypeName() + ", which contains itself");
            }
            m = make(type, making);
            making.remove(type);
            OpenMapping raced = MAPPINGS.putIfAbsent(type, m);
            m = raced != null ? raced : m;
        }
        return m;
    }

    /** The open type values of this type are sent as. */
    public OpenType<?> openType() {
        return openType;
    }

    /**
     * The class of the open values: the open type's, or the primitive itself for a primitive, as an MXBean
     * operation's signature names its parameters ({@code int}, {@code javax.management.openmbean.CompositeData}).
     */
    public Class<?> openClass() {
        return openClass;
    }

    /** {@code value} as open data. */
    public abstract Object toOpen(Object value) throws OpenDataException;

    /** The value the open data {@code open} stands for. */
    public abstract Object fromOpen(Object open) throws InvalidObjectException;

    private static OpenMapping make(Type type, Set<Type> making) throws OpenDataException {
        if (type instanceof Class<?> c) {
            SimpleType<?> simple = SIMPLE.get(c);
            if (simple != null) {
                return c.isPrimitive() && c != void.class ? new Simple(simple, c) : new Simple(simple);
            }
            if (c.isArray() && c.getComponentType().isPrimitive()) {
                return new Simple(ArrayType.getPrimitiveArrayType(c));
            }
            if (c.isRecord()) {
                RecordComponent[] components = c.getRecordComponents();
                OpenMapping[] items = new OpenMapping[components.length];
                for (int i = 0; i < components.length; i++) {
                    items[i] = of(components[i].getGenericType(), making);
                }
                return new Composite(c, components, items);
            }
        } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
            Type[] args = p.getActualTypeArguments();
            if (raw == List.class) {
                return new Sequence(of(args[0], making));
            }
            if (raw == Map.class) {
                return new Table(typeName(p), of(args[0], making), of(args[1], making));
            }
        }
        throw new OpenDataException("no open type for " + type.getTypeName());
    }

    /** The name an MXBean gives a map's tabular type: {@code java.util.Map<java.lang.String, ...>}. */
    private static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            StringBuilder b = new StringBuilder(typeName(p.getRawType())).append('<');
            String sep = "";
            for (Type t : p.getActualTypeArguments()) {
                b.append(sep).append(typeName(t));
                sep = ", ";
            }
            return b.append('>').toString();
        }
        return type instanceof Class<?> c && c.isArray() ? typeName(c.getComponentType()) + "[]" : type.getTypeName();
    }

    /** A value that is its own open data; what arrives is checked to be of its open type. */
    private static final class Simple extends OpenMapping {
        Simple(OpenType<?> type) {
            super(type);
        }

        Simple(OpenType<?> type, Class<?> primitive) {
            super(type, primitive);
        }

        @Override
        public Object toOpen(Object value) {
            return value;
        }

        @Override
        public Object fromOpen(Object open) throws InvalidObjectException {
            if (open == null ? openClass().isPrimitive() : !openType().isValue(open)) {
                throw new InvalidObjectException("not a value of " + openType().getTypeName() + ": " + open);
            }
            return open;
        }
    }

    /** A list, as an array of its elements' open data. */
    private static final class Sequence extends OpenMapping {
        private final OpenMapping element;

        Sequence(OpenMapping element) throws OpenDataException {
            super(ArrayType.getArrayType(element.openType()));
            this.element = element;
        }

        @Override
        public Object toOpen(Object value) throws OpenDataException {
            if (value == null) {
                return null;
            }
            Collection<?> list = (Collection<?>) value;
            Object[] open = (Object[]) Array.newInstance(element.openClass, list.size());
            int i = 0;
            for (Object e : list) {
                open[i++] = element.toOpen(e);
            }
            return open;
        }

        @Override
        public Object fromOpen(Object open) throws InvalidObjectException {
            if (open == null) {
                return null;
            }
            if (!(open instanceof Object[] array)) {
                throw new InvalidObjectException(
                        "not an array of " + element.openType().getTypeName() + ": " + open);
            }
            List<Object> list = new ArrayList<>(array.length);
            for (Object e : array) {
                list.add(element.fromOpen(e));
            }
            return list;
        }
    }

    /** A map, as a table of {@code key} and {@code value} rows indexed by the key. */
    private static final class Table extends OpenMapping {
        private final OpenMapping key;
        private final OpenMapping value;
        private final CompositeType row;

        Table(String name, OpenMapping key, OpenMapping value) throws OpenDataException {
            super(table(name, key, value));
            this.key = key;
            this.value = value;
            this.row = ((TabularType) openType()).getRowType();
        }

        private static TabularType table(String name, OpenMapping key, OpenMapping value) throws OpenDataException {
            CompositeType row = new CompositeType(
                    name, name, KEY_VALUE, KEY_VALUE, new OpenType<?>[] {key.openType(), value.openType()});
            return new TabularType(name, name, row, new String[] {KEY_VALUE[0]});
        }

        @Override
        public Object toOpen(Object map) throws OpenDataException {
            if (map == null) {
                return null;
            }
            TabularDataSupport table = new TabularDataSupport((TabularType) openType());
            for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
                table.put(new CompositeDataSupport(
                        row, KEY_VALUE, new Object[] {key.toOpen(e.getKey()), value.toOpen(e.getValue())}));
            }
            return table;
        }

        @Override
        public Object fromOpen(Object open) throws InvalidObjectException {
            if (open == null) {
                return null;
            }
            if (!(open instanceof TabularData table)) {
                throw new InvalidObjectException("not a table of " + openType().getTypeName() + ": " + open);
            }
            Map<Object, Object> map = new LinkedHashMap<>();
            for (Object r : table.values()) {
                CompositeData cd = (CompositeData) r;
                Object k = key.fromOpen(cd.get(KEY_VALUE[0]));
                if (map.put(k, value.fromOpen(cd.get(KEY_VALUE[1]))) != null) {
                    throw new InvalidObjectException(
                            "the table of " + openType().getTypeName() + " has " + k + " twice");
                }
            }
            return map;
        }
    }

    /** A record, as composite data whose items are its components. */
    private static final class Composite extends OpenMapping {
        private final Class<?> record;
        private final RecordComponent[] components;
        private final OpenMapping[] items;
        private final String[] names;
        private final Constructor<?> canonical;

        Composite(Class<?> record, RecordComponent[] components, OpenMapping[] items) throws OpenDataException {
            this(record, components, items, names(components));
        }

        private Composite(Class<?> record, RecordComponent[] components, OpenMapping[] items, String[] names)
                throws OpenDataException {
            super(composite(record, names, items));
            this.record = record;
            this.components = components;
            this.items = items;
            this.names = names;
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
            }
            try {
                this.canonical = record.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record without its canonical constructor: " + record, e);
            }
        }

        /** The items' names: the components', in their order. */
        private static String[] names(RecordComponent[] components) {
            String[] names = new String[components.length];
            for (int i = 0; i < components.length; i++) {
                names[i] = components[i].getName();
            }
            return names;
        }

        private static CompositeType composite(Class<?> record, String[] names, OpenMapping[] items)
                throws OpenDataException {
            OpenType<?>[] types = new OpenType<?>[items.length];
            for (int i = 0; i < items.length; i++) {
                types[i] = items[i].openType();
            }
            return new CompositeType(record.getName(), record.getName(), names, names, types);
        }

        @Override
        public Object toOpen(Object value) throws OpenDataException {
            if (value == null) {
                return null;
            }
            if (value instanceof CompositeDataView view) {
                return view.toCompositeData((CompositeType) openType());
            }
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = items[i].toOpen(read(components[i], value));
            }
            return new CompositeDataSupport((CompositeType) openType(), names, values);
        }

        private static Object read(RecordComponent component, Object record) {
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component + ": " + e, e);
            }
        }

        @Override
        public Object fromOpen(Object open) throws InvalidObjectException {
            if (open == null) {
                return null;
            }
            if (!(open instanceof CompositeData cd)) {
                throw new InvalidObjectException("not composite data of " + record.getName() + ": " + open);
            }
            Object[] args = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                if (!cd.containsKey(names[i])) {
                    throw new InvalidObjectException(record.getName() + " without its item " + names[i]);
                }
                args[i] = items[i].fromOpen(cd.get(names[i]));
            }
            try {
                return canonical.newInstance(args);
            } catch (InvocationTargetException e) {
                InvalidObjectException x =
                        new InvalidObjectException("cannot make a " + record.getName() + ": " + e.getCause());
                x.initCause(e.getCause());
                throw x;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a " + record.getName() + ": " + e, e);
            }
        }
    }
}
