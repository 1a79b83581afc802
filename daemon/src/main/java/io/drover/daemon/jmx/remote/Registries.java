package io.drover.daemon.jmx.remote;

import java.io.IOException;
import java.rmi.Remote;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;

/** Exports the read-only registry, or says in one line what the JVM lacks for it. */
public final class Registries {
    static final String ADD_EXPORTS = "--add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED";

    private Registries() {
        /* no instances */
    }

    /**
     * A registry on {@code port} that names {@code object} only and refuses every change.
     *
     * @throws IOException when the port is taken, or the JVM was started without {@value #ADD_EXPORTS}
     */
    public static Registry readOnly(
            int port, RMIClientSocketFactory csf, RMIServerSocketFactory ssf, String name, Remote object)
            throws IOException {
        // checked before the class is loaded: without the export, loading it fails with an IllegalAccessError
        boolean exported = ModuleLayer.boot()
                .findModule("java.rmi")
                .map(m -> m.isExported("sun.rmi.registry", Registries.class.getModule()))
                .orElse(false);
        if (!exported) {
            throw new IOException("this JVM does not let droverd serve a read-only JMX registry; start it with the"
                    + " droverd launcher, or add '" + ADD_EXPORTS + "' to its java command");
        }
        return new ReadOnlyRegistry(port, csf, ssf, name, object);
    }
}
