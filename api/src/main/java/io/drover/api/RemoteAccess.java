package io.drover.api;

/**
 * How JConsole, VisualVM and jmxterm reach a daemon over the network, as {@code drover jmx} shows it. The
 * CLI itself never needs it: it talks to its daemon over the local socket.
 *
 * @param url the JMX service URL; empty when the network connector is off
 * @param host the address the connector listens on
 * @param port its port (registry and connector share it)
 * @param controlUser the user that may invoke operations
 * @param controlPasswordFile the file holding that user's password (readable by the daemon's user only)
 * @param monitorUser the read-only user
 * @param monitorPasswordFile the file holding the read-only user's password
 * @param tls whether the registry and the connector speak TLS
 * @param certificateFingerprint the SHA-256 fingerprint of the daemon's certificate, empty without TLS
 * @param certificateFile the daemon's certificate (PEM) for a client's trust store, empty without TLS
 * @param clientAuth whether clients must present a certificate the daemon trusts
 * @param machineName the name this daemon goes by in a fleet ({@code DROVER_MACHINE_NAME}, else the host name)
 */
public record RemoteAccess(
        String url,
        String host,
        int port,
        String controlUser,
        String controlPasswordFile,
        String monitorUser,
        String monitorPasswordFile,
        boolean tls,
        String certificateFingerprint,
        String certificateFile,
        boolean clientAuth,
        String machineName) {
    /** The network connector is off (the foreground runtime when no {@code DROVER_JMX_*} asks for it). */
    public static RemoteAccess off(String machineName) {
        return new RemoteAccess("", "", 0, "", "", "", "", false, "", "", false, machineName);
    }
}
