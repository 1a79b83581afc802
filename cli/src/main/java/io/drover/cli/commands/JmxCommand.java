package io.drover.cli.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.drover.api.RemoteAccess;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drover jmx [--json]}: how JConsole, VisualVM and jmxterm connect over the network, as the daemon
 * reports it ({@link RemoteAccess}); drover itself uses the local socket.
 */
@Command(
        name = "jmx",
        mixinStandardHelpOptions = true,
        description = "Shows how to connect JConsole, VisualVM or jmxterm to the daemon over the network.")
public final class JmxCommand extends DaemonCommand {
    @Option(
            names = "--json",
            description = "print it as JSON: url, host, port, user, passwordFile, monitorUser,"
                    + " monitorPasswordFile, tls, certificateFingerprint, certificateFile, clientAuth, machineName")
    boolean json;

    @Override
    int run(DaemonClient client) throws IOException {
        RemoteAccess r = client.daemon().getRemoteAccess();
        if (json) {
            try (JsonGenerator g = new JsonFactory().createGenerator(out())) {
                g.writeStartObject();
                g.writeStringField("url", r.url());
                g.writeStringField("host", r.host());
                g.writeNumberField("port", r.port());
                g.writeStringField("user", r.controlUser());
                g.writeStringField("passwordFile", r.controlPasswordFile());
                g.writeStringField("monitorUser", r.monitorUser());
                g.writeStringField("monitorPasswordFile", r.monitorPasswordFile());
                g.writeBooleanField("tls", r.tls());
                g.writeStringField("certificateFingerprint", r.certificateFingerprint());
                g.writeStringField("certificateFile", r.certificateFile());
                g.writeBooleanField("clientAuth", r.clientAuth());
                g.writeStringField("machineName", r.machineName());
                g.writeEndObject();
            }
            out().println();
            return ExitCodes.OK;
        }
        if (r.url().isEmpty()) {
            out().println("JMX over the network is off for this daemon; drover itself uses " + client.socket());
            return ExitCodes.OK;
        }
        out().println("url:                 " + r.url());
        out().println("host:                " + r.host() + "   port: " + r.port());
        out().println("user:                " + r.controlUser() + " (password in " + r.controlPasswordFile() + ")");
        out().println("read-only user:      " + r.monitorUser() + " (password in " + r.monitorPasswordFile() + ")");
        out().println("tls:                 " + (r.tls() ? "on" : "off"));
        if (r.tls()) {
            out().println("certificate:         " + r.certificateFile());
            out().println("fingerprint:         SHA-256 " + r.certificateFingerprint());
        }
        out().println("client certificates: " + (r.clientAuth() ? "required" : "not required"));
        out().println("machine name:        " + r.machineName());
        out().println();
        String ssl = r.tls() ? " -J-Djavax.net.ssl.trustStore=<a trust store holding " + r.certificateFile() + ">" : "";
        out().println("jconsole" + ssl + " " + r.url() + "   (then the user and the password from the file)");
        out().println("java" + (r.tls() ? " -Djavax.net.ssl.trustStore=<that trust store>" : "")
                + " -jar jmxterm-uber.jar -l " + r.host() + ":" + r.port() + (r.tls() ? " -s" : "") + " -u "
                + r.controlUser() + " -p \"$(cat " + r.controlPasswordFile() + ")\"");
        return ExitCodes.OK;
    }
}
