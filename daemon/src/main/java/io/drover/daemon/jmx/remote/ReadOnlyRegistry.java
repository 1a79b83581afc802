package io.drover.daemon.jmx.remote;

import java.io.ObjectInputFilter;
import java.rmi.AccessException;
import java.rmi.NotBoundException;
import java.rmi.Remote;
import java.rmi.RemoteException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import sun.rmi.registry.RegistryImpl;

/**
 * An RMI registry holding one name that never changes, as the JDK's own management agent exports its
 * connector ({@code sun.management.jmxremote.SingleEntryRegistry}): {@code list} and {@code lookup} answer,
 * {@code bind}, {@code rebind} and {@code unbind} are refused whoever asks. A plain registry lets any local
 * process replace the connector's stub with its own and collect the passwords of the next clients.
 *
 * <p>It extends the JDK's registry because only that one is exported under the registry's well-known
 * object id, which {@code LocateRegistry.getRegistry(host, port)} (JConsole, VisualVM, jmxterm) calls; it
 * needs {@code --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED}, which the droverd launcher passes.
 */
final class ReadOnlyRegistry extends RegistryImpl {
    private static final long serialVersionUID = 1L;

    private final String name;

    @SuppressWarnings("serial") // exported, never serialized
    private final Remote object;

    ReadOnlyRegistry(int port, RMIClientSocketFactory csf, RMIServerSocketFactory ssf, String name, Remote object)
            throws RemoteException {
        super(port, csf, ssf, ReadOnlyRegistry::onlyNames);
        this.name = name;
        this.object = object;
    }

    @Override
    public String[] list() {
        return new String[] {name};
    }

    @Override
    public Remote lookup(String n) throws NotBoundException {
        if (name.equals(n)) {
            return object;
        }
        throw new NotBoundException("'" + n + "' is not bound; the only name here is '" + name + "'");
    }

    @Override
    public void bind(String n, Remote obj) throws AccessException {
        throw refused();
    }

    @Override
    public void rebind(String n, Remote obj) throws AccessException {
        throw refused();
    }

    @Override
    public void unbind(String n) throws AccessException {
        throw refused();
    }

    private static AccessException refused() {
        return new AccessException("this registry is read-only: it names the daemon's JMX connector, nothing else");
    }

    /**
     * A client of a read-only registry sends names only: strings, which reach no filter, so any class, array
     * or deep graph is an attack (a stub for rebind, a gadget).
     */
    private static ObjectInputFilter.Status onlyNames(ObjectInputFilter.FilterInfo info) {
        return info.serialClass() != null || info.depth() > 2 || info.references() > 4 || info.arrayLength() >= 0
                ? ObjectInputFilter.Status.REJECTED
                : ObjectInputFilter.Status.ALLOWED;
    }
}
