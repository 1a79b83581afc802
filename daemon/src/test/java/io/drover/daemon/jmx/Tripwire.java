package io.drover.daemon.jmx;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/** A serializable class outside the local channel's allow list: reading one anywhere trips the wire. */
final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicBoolean TRIPPED = new AtomicBoolean();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        TRIPPED.set(true);
        in.defaultReadObject();
    }
}
