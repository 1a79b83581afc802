package io.drover.daemon.jmx.remote;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether and how the network JMX connector speaks TLS ({@code DROVER_JMX_TLS_*}).
 *
 * @param enabled whether the registry and the connector speak TLS
 * @param keystore the daemon's key and certificate; empty for the one generated in {@code $DROVER_HOME/jmx}
 * @param keystorePasswordFile the file whose first line is the keystore's password (with {@code keystore})
 * @param clientAuth whether clients must present a certificate from {@code truststore}
 * @param truststore the certificates of the clients the daemon trusts (with {@code clientAuth})
 * @param truststorePasswordFile its password, if it has one
 */
public record TlsSettings(
        boolean enabled,
        Optional<Path> keystore,
        Optional<Path> keystorePasswordFile,
        boolean clientAuth,
        Optional<Path> truststore,
        Optional<Path> truststorePasswordFile) {

    public TlsSettings {
        if (keystore.isPresent() != keystorePasswordFile.isPresent()) {
            throw new IllegalArgumentException("DROVER_JMX_TLS_KEYSTORE and DROVER_JMX_TLS_KEYSTORE_PASSWORD_FILE go"
                    + " together; set both, or neither for a keystore generated in $DROVER_HOME/jmx");
        }
        if (clientAuth && truststore.isEmpty()) {
            throw new IllegalArgumentException("DROVER_JMX_TLS_CLIENT_AUTH=1 needs DROVER_JMX_TLS_TRUSTSTORE: the"
                    + " keystore holding the certificates of the clients to let in");
        }
        if ((keystore.isPresent() || clientAuth) && !enabled) {
            throw new IllegalArgumentException("DROVER_JMX_TLS=0 contradicts the other DROVER_JMX_TLS_* settings;"
                    + " unset DROVER_JMX_TLS or the others");
        }
    }

    /** Plain RMI: for a loopback address only. */
    public static TlsSettings off() {
        return new TlsSettings(false, Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    /** TLS with the keystore generated in {@code $DROVER_HOME/jmx}, no client certificates. */
    public static TlsSettings generated() {
        return new TlsSettings(true, Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    /** These settings, with clients required to present a certificate from {@code truststore}. */
    public TlsSettings requiringClients(Path truststore, Optional<Path> passwordFile) {
        return new TlsSettings(true, keystore, keystorePasswordFile, true, Optional.of(truststore), passwordFile);
    }
}
