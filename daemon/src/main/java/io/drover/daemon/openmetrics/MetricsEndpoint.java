package io.drover.daemon.openmetrics;

import io.drover.api.AppView;
import io.drover.daemon.jmx.remote.NetworkSettings;
import io.drover.daemon.jmx.remote.TlsKeys;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenMetrics/Prometheus endpoint, {@code http://<DROVER_METRICS_HOST>:<DROVER_METRICS_PORT>/metrics}: the
 * Prometheus client's own scrape handler and text formats over a {@link DroverCollector}, served by a {@link
 * ScrapeServer} no client can hold. It only reads: there is no path that changes anything. Off unless {@code
 * DROVER_METRICS_PORT} is set.
 */
public final class MetricsEndpoint extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    /** How long one exchange may take, from its first byte to its last: a scrape takes milliseconds. */
    private static final Duration EXCHANGE_LIMIT = Duration.ofSeconds(10);

    private final EndpointSettings settings;
    private final NetworkSettings jmx;
    private final Path keyDir;
    private final Supplier<List<AppView>> apps;
    private final String version;
    private final Duration exchangeLimit;
    private final LongSupplier clock;
    private ScrapeServer server;

    /**
     * @param jmx the JMX connector's settings, whose TLS key (given, or generated in {@code keyDir}) HTTPS uses
     * @param apps every app with its instances, read at each scrape (on the supervisor's thread, as {@code drover
     *     ls})
     */
    public MetricsEndpoint(
            EndpointSettings settings, NetworkSettings jmx, Path keyDir, Supplier<List<AppView>> apps, String version) {
        this(settings, jmx, keyDir, apps, version, EXCHANGE_LIMIT, System::currentTimeMillis);
    }

    /** @param clock epoch milliseconds, for the daemon's uptime */
    MetricsEndpoint(
            EndpointSettings settings,
            NetworkSettings jmx,
            Path keyDir,
            Supplier<List<AppView>> apps,
            String version,
            Duration exchangeLimit,
            LongSupplier clock) {
        this.settings = settings;
        this.jmx = jmx;
        this.keyDir = keyDir;
        this.apps = apps;
        this.version = version;
        this.exchangeLimit = exchangeLimit;
        this.clock = clock;
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
        registry.register(new DroverCollector(apps, version, clock.getAsLong(), clock));
        // the properties built here, not read from the environment: nothing else configures the handler
        PrometheusScrapeHandler handler =
                new PrometheusScrapeHandler(PrometheusProperties.builder().build(), registry);
        InetAddress host = settings.host();
        SSLContext https = null;
        if (settings.tls()) {
            // the key JMX serves TLS with: one certificate for the machine, one fingerprint to trust
            https = TlsKeys.prepare(jmx.tls(), keyDir, jmx.machineName(), host).context();
        }
        try {
            server = new ScrapeServer(
                    new InetSocketAddress(host, settings.port()),
                    https,
                    exchangeLimit,
                    head -> refusal(head, token),
                    head -> scrape(head, handler));
        } catch (IOException e) {
            throw new IOException("the metrics endpoint cannot listen on " + host.getHostAddress() + ":"
                    + settings.port() + " (" + e.getMessage() + "); choose another DROVER_METRICS_PORT or unset it");
        }
        LOG.info(
                "metrics for Prometheus at {}://{}:{}/metrics{}",
                https == null ? "http" : "https",
                host.getHostAddress(),
                server.port(),
                token == null ? " (no token: every local user can read it)" : " (bearer token required)");
    }

    /**
     * Only {@code GET} (or {@code HEAD}) {@code /metrics} is served, with the token when there is one: the answer
     * to any other request, or {@code null}.
     */
    private static ByteBuffer[] refusal(RequestHead head, BearerToken token) {
        if (token != null && !token.admits(head.header("Authorization"))) {
            return Responses.plain(
                    401, "a bearer token is required", Map.of("WWW-Authenticate", "Bearer realm=\"drover\""));
        }
        if (!head.path().equals("/metrics")) {
            return Responses.plain(404, "only /metrics is served");
        }
        if (!head.method().equals("GET") && !head.method().equals("HEAD")) {
            return Responses.plain(405, "only GET and HEAD are served", Map.of("Allow", "GET, HEAD"));
        }
        return null;
    }

    private static ByteBuffer[] scrape(RequestHead head, PrometheusScrapeHandler handler) {
        ScrapeExchange exchange = new ScrapeExchange(head);
        try {
            handler.handleRequest(exchange);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // answered 500 by the server, as any failed scrape
        }
        return exchange.response();
    }

    /** The port it listens on, 0 when off. */
    public int port() {
        return server == null ? 0 : server.port();
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
