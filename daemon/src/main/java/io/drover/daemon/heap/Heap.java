package io.drover.daemon.heap;

/** The JVM's heap as {@link HeapTrim} sees it: a seam, so the trim's timing is tested without a JVM's GC. */
public interface Heap {
    /** Bytes the heap holds from the system. */
    long committed();

    /** The committed size below which a trim gives back too little to be worth a full collection. */
    long floor();

    /** Collects and gives back what the live objects do not need. */
    void trim();
}
