package io.drover.daemon.heap;

/** The JVM's memory as {@link HeapTrim} sees it: a seam, so the trim's timing is tested without a JVM's GC. */
public interface Heap {
    /** Bytes the Java heap holds from the system. */
    long committed();

    /** The committed size below which a collection gives back too little to be worth it. */
    long floor();

    /** A full collection that gives back what the live objects do not need. */
    void collect();

    /** Gives back the free memory of the C heap (the JVM's own and the native buffers'). */
    void trimNative();
}
