package io.drover.daemon.spawn;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.ObjIntConsumer;

/**
 * Values by descriptor number, in an array indexed by the number, as the kernel keeps its own table: a
 * descriptor is a small integer, the lowest free one. A map of boxed numbers cost the reactor 64 bytes a
 * descriptor (entry, key and slot), 256 KB at a thousand instances, where a slot here is 4 bytes. Not
 * thread-safe: the reactor's thread owns it.
 */
final class FdTable<V> {
    private Object[] slots = new Object[64];
    private int size;

    /** The value of {@code fd}, or null. */
    @SuppressWarnings("unchecked")
    V get(int fd) {
        return fd >= 0 && fd < slots.length ? (V) slots[fd] : null;
    }

    /** Sets the value of {@code fd}; returns the one it replaces, or null. */
    V put(int fd, V value) {
        Objects.requireNonNull(value, "value");
        if (fd < 0) {
            throw new IllegalArgumentException("descriptor " + fd + " is negative");
        }
        if (fd >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(fd + 1, slots.length * 2));
        }
        V previous = get(fd);
        slots[fd] = value;
        if (previous == null) {
            size++;
        }
        return previous;
    }

    /** Removes the value of {@code fd}; returns it, or null. */
    V remove(int fd) {
        V previous = get(fd);
        if (previous != null) {
            slots[fd] = null;
            size--;
        }
        return previous;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Calls {@code action} with each value and its descriptor, lowest descriptor first. */
    @SuppressWarnings("unchecked")
    void forEach(ObjIntConsumer<V> action) {
        for (int fd = 0; fd < slots.length; fd++) {
            if (slots[fd] != null) {
                action.accept((V) slots[fd], fd);
            }
        }
    }

    /** Removes every value; the table keeps its length, the highest descriptor seen. */
    void clear() {
        Arrays.fill(slots, null);
        size = 0;
    }
}
