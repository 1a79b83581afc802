package io.drover.daemon.operate;

import io.drover.api.settings.SettingValues;
import io.drover.api.settings.Settings;
import io.drover.api.settings.Watch;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the apps' file watching on or off as PM2's {@code stop --watch} (off) and {@code restart --watch}
 * (toggled) do: the app's {@code watch} setting changes, so {@code show} and a save hold it, and the app
 * runs on as it is; the command restarts or stops it.
 */
public final class Watching {
    /** What to do to each app's watching. */
    public enum Change {
        ON,
        OFF,
        TOGGLE;

        /**
         * @throws IllegalArgumentException naming the three
         */
        public static Change parse(String text) {
            String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            for (Change c : values()) {
                if (c.name().equals(t)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown watch change '" + text + "'; use on, off or toggle");
        }
    }

    private final Control control;
    private final AppSpecFactory specs;
    private final Origins origins;

    Watching(Control control, AppSpecFactory specs, Origins origins) {
        this.control = control;
        this.specs = specs;
        this.origins = origins;
    }

    private record Known(String name, Origin origin, boolean watching) {}

    /**
     * Changes the watching of the apps {@code which} names: on watches what the app's definition names
     * (its directory when it names nothing), off stops it. Apps keep running, and their instance count.
     *
     * @return per app, {@code <app>: watching} or {@code <app>: not watching}
     */
    public List<String> change(Selector which, Change change) {
        List<Known> known = control.call(s -> which.in(s).apps().stream()
                .map(a -> new Known(
                        a.spec().name(),
                        origins.of(a),
                        a.spec().supervision().watch().enabled()))
                .toList());
        Map<String, Origin> updated = new LinkedHashMap<>();
        Map<String, AppSpec> newSpecs = new LinkedHashMap<>();
        for (Known k : known) {
            boolean on = change == Change.ON || (change == Change.TOGGLE && !k.watching());
            if (k.origin() == null || on == k.watching()) {
                continue;
            }
            SettingValues settings = k.origin().definition().settings();
            Watch configured = settings.get(Settings.WATCH);
            Watch next = !on ? Watch.OFF : configured.enabled() ? configured : Watch.APP_DIRECTORY;
            Origin o = k.origin()
                    .withDefinition(k.origin().definition().withSettings(settings.with(Settings.WATCH, next)));
            newSpecs.put(k.name(), specs.create(o.definition()));
            updated.put(k.name(), o);
        }
        return control.call(s -> {
            List<String> lines = new ArrayList<>();
            for (Known k : known) {
                App app = s.app(k.name()).orElse(null);
                AppSpec spec = newSpecs.get(k.name());
                if (app != null && spec != null) {
                    s.register(spec.withInstances(app.spec().instances())); // a known app: the new spec, as it runs
                    origins.put(app, updated.get(k.name()));
                }
                boolean watching =
                        app != null && app.spec().supervision().watch().enabled();
                lines.add(k.name() + (watching ? ": watching" : ": not watching"));
            }
            return lines;
        });
    }
}
