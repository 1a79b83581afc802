package io.drover.api;

import java.util.List;

/**
 * What applying an ecosystem file did.
 *
 * @param apps one outcome per app of the file (after {@code --only})
 * @param warnings attributes accepted but not applied, unknown keys with the closest known name
 */
public record FileResult(List<AppOutcome> apps, List<String> warnings) {
    /**
     * What happened to one app.
     *
     * @param name the app
     * @param outcome {@code started}, {@code restarted}, {@code reloaded}, {@code reload failed: <why>}
     *     (the old processes still serve), {@code unchanged}, {@code stopped}, {@code deleted}, {@code
     *     registered} (autostart off) or {@code not running}
     * @param changed the settings that changed, by their PM2 names, when the app was restarted with a new
     *     definition
     */
    public record AppOutcome(String name, String outcome, List<String> changed) {}
}
