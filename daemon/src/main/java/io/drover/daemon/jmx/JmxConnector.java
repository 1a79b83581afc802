package io.drover.daemon.jmx;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.drover.api.JmxEndpoint;
import io.drover.api.RemoteAccess;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import javax.management.remote.JMXServiceURL;

/**
 * The daemon's JMX connector and the file that tells the CLI how to reach it ({@code jmx.json}, mode 0600,
 * written atomically once the connector listens). Stopping closes the connector and removes the file this
 * start wrote, nothing else.
 */
public final class JmxConnector extends AbstractLifeCycle {
    private final JmxExporter exporter;
    private final NetworkSettings network;
    private final DroverHome home;
    private JmxServer server;

    public JmxConnector(JmxExporter exporter, NetworkSettings network, DroverHome home) {
        this.exporter = exporter;
        this.network = network;
        this.home = home;
    }

    @Override
    protected void doStart() throws IOException {
        JmxServer s = new JmxServer(exporter.server(), network, Credentials.prepare(home.jmxDir()), home.jmxDir());
        try {
            s.start();
            writeEndpoint(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        server = s;
    }

    @Override
    protected void doStop() {
        server.close();
        try {
            Files.deleteIfExists(endpointFile());
        } catch (IOException ignored) {
            // a stale file names a dead pid; the CLI checks it
        }
    }

    /** The URL JConsole, VisualVM, jmxterm and the CLI connect to; null before the start. */
    public JMXServiceURL url() {
        return server == null ? null : server.url();
    }

    /** What JConsole, VisualVM and jmxterm need to reach the network connector; null before the start. */
    public RemoteAccess access() {
        return server == null ? null : server.access();
    }

    private Path endpointFile() {
        return home.root().resolve(JmxEndpoint.FILE);
    }

    private void writeEndpoint(JmxServer s) throws IOException {
        String json = "{\"url\": " + quote(s.url().toString())
                + ", \"user\": " + quote(JmxEndpoint.CONTROL_USER)
                + ", \"passwordFile\": "
                + quote(Credentials.secretFile(home.jmxDir(), JmxEndpoint.CONTROL_USER)
                        .toString())
                + ", \"pid\": " + ProcessHandle.current().pid() + "}\n";
        Path file = endpointFile();
        Path tmp = home.root().resolve(JmxEndpoint.FILE + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** {@code s} as a JSON string literal, quotes included (Jackson's encoder: every escape JSON needs). */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
