package io.drover.daemon.openmetrics;

import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape as the Prometheus client's handler sees it: the request head as read, and a response kept in memory
 * until it is whole, to be sent by {@link ScrapeServer} without blocking.
 */
final class ScrapeExchange implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
    private final RequestHead head;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Body body = new Body();
    private int status = 500;
    private boolean hasBody;

    ScrapeExchange(RequestHead head) {
        this.head = head;
    }

    /** The whole response, its body not copied. */
    ByteBuffer[] response() {
        long announced = 0;
        String length = headers.remove("Content-Length");
        if (length != null) {
            announced = Long.parseLong(length);
        }
        return Responses.of(status, headers, hasBody ? body.written() : null, announced);
    }

    /** What the handler wrote, seen where it lies: an answer is a megabyte at 1,000 instances. */
    private static final class Body extends ByteArrayOutputStream {
        ByteBuffer written() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    @Override
    public PrometheusHttpRequest getRequest() {
        return this;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
        return this;
    }

    @Override
    public String getQueryString() {
        return head.query();
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = head.headers().get(name.toLowerCase(java.util.Locale.ROOT));
        return Collections.enumeration(values == null ? List.of() : values);
    }

    @Override
    public String getMethod() {
        return head.method();
    }

    @Override
    public String getRequestPath() {
        return head.path();
    }

    @Override
    public void setHeader(String name, String value) {
        headers.put(name, value);
    }

    /** As the JDK's server: a length of -1 means no body, as a {@code HEAD} answer. */
    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength) {
        status = statusCode;
        hasBody = contentLength >= 0;
        return body;
    }

    @Override
    public void handleException(IOException e) throws IOException {
        throw e;
    }

    /** Thrown on: {@link ScrapeServer}'s worker logs a failed scrape and answers 500, whatever failed. */
    @Override
    public void handleException(RuntimeException e) {
        throw e;
    }

    @Override
    public void close() {
        /* nothing held: the server sends response() */
    }
}
