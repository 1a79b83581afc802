package io.drover.daemon.openmetrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import io.drover.api.AppView;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenMetrics/Prometheus endpoint, {@code http://<DROVER_METRICS_HOST>:<DROVER_METRICS_PORT>/metrics}: the
 * Prometheus client's own HTTP server and text formats over a {@link DroverCollector}. It only reads: there is no
 * path that changes anything. Off unless {@code DROVER_METRICS_PORT} is set.
 */
public final class MetricsEndpoint extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    /** A scrape is one short request: a few at once are plenty, and no thread is kept while none comes. */
    private static final int THREADS = 4;
    /** How long one exchange may take, from its first byte to its last: a scrape takes milliseconds. */
    private static final Duration EXCHANGE_LIMIT = Duration.ofSeconds(10);

    private final EndpointSettings settings;
    private final NetworkSettings jmx;
    private final Path keyDir;
    private final Supplier<List<AppView>> apps;
    private final String version;
    private final Duration exchangeLimit;
    private HTTPServer server;

    /**
     * @param jmx the JMX connector's settings, whose TLS key (given, or generated in {@code keyDir}) HTTPS uses
     * @param apps every app with its instances, read at each scrape (on the supervisor's thread, as {@code drover
     *     ls})
     */
    public MetricsEndpoint(
            EndpointSettings settings, NetworkSettings jmx, Path keyDir, Supplier<List<AppView>> apps, String version) {
        this(settings, jmx, keyDir, apps, version, EXCHANGE_LIMIT);
    }

    MetricsEndpoint(
            EndpointSettings settings,
            NetworkSettings jmx,
            Path keyDir,
            Supplier<List<AppView>> apps,
            String version,
            Duration exchangeLimit) {
        this.settings = settings;
        this.jmx = jmx;
        this.keyDir = keyDir;
        this.apps = apps;
        this.version = version;
        this.exchangeLimit = exchangeLimit;
    }

    @Override
    public String name() {
        return "metrics endpoint";
    }

    @Override
    protected void doStart() throws IOException {
        if (!settings.enabled()) {
            return;
        }
        BearerToken token = settings.tokenFile().isPresent()
                ? BearerToken.read(settings.tokenFile().get())
                : null;
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DroverCollector(apps, version, System.currentTimeMillis(), System::currentTimeMillis));
        Exchanges threads = new Exchanges(THREADS, exchangeLimit);
        InetAddress host = settings.host();
        HttpsConfigurator https = null;
        if (settings.tls()) {
            // the key JMX serves TLS with: one certificate for the machine, one fingerprint to trust
            https = new HttpsConfigurator(
                    TlsKeys.prepare(jmx.tls(), keyDir, jmx.machineName(), host).context());
        }
        try {
            // the properties built here, not read from the environment: nothing else configures this server
            server = HTTPServer.builder(PrometheusProperties.builder().build())
                    .inetAddress(host)
                    .port(settings.port())
                    .registry(registry)
                    .executorService(threads)
                    .registerHealthHandler(false)
                    .defaultHandler(MetricsEndpoint::notFound)
                    .authenticator(token)
                    .httpsConfigurator(https)
                    .buildAndStart();
        } catch (IOException e) {
            threads.shutdownNow();
            throw new IOException("the metrics endpoint cannot listen on " + host.getHostAddress() + ":"
                    + settings.port() + " (" + e.getMessage() + "); choose another DROVER_METRICS_PORT or unset it");
        }
        LOG.info(
                "metrics for Prometheus at {}://{}:{}/metrics{}",
                https == null ? "http" : "https",
                host.getHostAddress(),
                server.getPort(),
                token == null ? " (no token: every local user can read it)" : " (bearer token required)");
    }

    /** Only {@code /metrics} is served. */
    private static void notFound(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(404, -1);
        exchange.close();
    }

    /** The port it listens on, 0 when off. */
    public int port() {
        return server == null ? 0 : server.getPort();
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
