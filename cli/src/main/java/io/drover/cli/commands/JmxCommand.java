package io.drover.cli.commands;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import io.drover.cli.client.Endpoint;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drover jmx [--json]}: how JConsole, VisualVM and jmxterm connect. */
@Command(
        name = "jmx",
        mixinStandardHelpOptions = true,
        description = "Shows how to connect JConsole, VisualVM or jmxterm to the daemon.")
public final class JmxCommand extends DaemonCommand {
    @Option(names = "--json", description = "print {\"url\", \"user\", \"passwordFile\"} as JSON")
    boolean json;

    @Override
    int run(DaemonClient client) throws IOException {
        Endpoint e = client.endpoint();
        if (json) {
            try (JsonGenerator g = new JsonFactory().createGenerator(out())) {
                g.writeStartObject();
                g.writeStringField("url", e.url());
                g.writeStringField("user", e.user());
                g.writeStringField("passwordFile", e.passwordFile().toString());
                g.writeEndObject();
            }
            out().println();
            return ExitCodes.OK;
        }
        out().println("url:           " + e.url());
        out().println("user:          " + e.user() + " (read-only user: monitor, password in "
                + e.passwordFile().resolveSibling("monitor.password") + ")");
        out().println("password file: " + e.passwordFile());
        out().println();
        out().println("jconsole " + e.url() + "   (then the user and the password from the file)");
        String hostPort = e.url().replaceFirst(".*/jndi/rmi://", "").replace("/jmxrmi", "");
        out().println("java -jar jmxterm-uber.jar -l " + hostPort + " -u " + e.user() + " -p \"$(cat "
                + e.passwordFile() + ")\"");
        return ExitCodes.OK;
    }
}
