package io.drover.spi.log;

import io.drover.spi.PublicApi;
import java.nio.file.Path;
import java.util.Map;

/**
 * A log file of an app.
 *
 * @param app the app's name
 * @param path the live file
 * @param settings this handler's settings for the app (the daemon's, overlaid by the app's)
 */
@PublicApi(since = "0.1")
public record LogFile(String app, Path path, Map<String, String> settings) {
    public LogFile {
        settings = Map.copyOf(settings);
    }
}
