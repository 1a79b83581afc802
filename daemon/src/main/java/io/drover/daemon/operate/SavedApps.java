package io.drover.daemon.operate;

import io.drover.api.StartRequest;
import io.drover.daemon.config.AppDefinition;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.dump.DumpFile;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code drover save} and {@code drover resurrect}: the app list in {@code $DROVER_HOME/dump.json}. */
public final class SavedApps {
    private final Control control;
    private final AppSpecFactory specs;
    private final Origins origins;
    private final Path home;
    private final DumpFile dump;

    SavedApps(Control control, AppSpecFactory specs, Origins origins, Path home) {
        this.control = control;
        this.specs = specs;
        this.origins = origins;
        this.home = home;
        this.dump = new DumpFile(home);
    }

    /**
     * Writes every app that was started through these operations, with the instances it runs now and
     * whether a user stopped it.
     *
     * @return the file and how many apps it holds
     */
    public String save() {
        record Saved(List<DumpFile.Entry> entries, long now) {}
        Saved saved = control.call(s -> {
            List<DumpFile.Entry> entries = new ArrayList<>();
            for (App a : s.apps()) {
                Origin o = origins.of(a);
                if (o == null) {
                    continue;
                }
                boolean stopped = a.allStopped();
                StartRequest now = o.saved(a.spec().name(), a.spec().instances());
                entries.add(new DumpFile.Entry(now, o.callerEnv(), o.fileEnv(), stopped));
            }
            return new Saved(entries, System.currentTimeMillis());
        });
        try {
            dump.save(saved.entries(), saved.now());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + dump.file() + ": " + e.getMessage()
                    + "; check the disk and the permissions of " + home);
        }
        return dump.file() + " (" + saved.entries().size() + " app"
                + (saved.entries().size() == 1 ? "" : "s") + ")";
    }

    /**
     * Starts the saved apps that are not in the table (those saved stopped are registered, stopped).
     * An app that cannot come back is one line of the report; the others go on.
     *
     * @return one line per app, after one warning line per problem reading the dump
     * @throws IllegalArgumentException when there is no dump to read
     */
    public List<String> resurrect() {
        DumpFile.Loaded loaded = dump.load();
        if (loaded.content() == null) {
            throw new IllegalArgumentException("nothing to restore: " + String.join("; ", loaded.problems()));
        }
        List<String> report = new ArrayList<>();
        loaded.problems().forEach(p -> report.add("warning: " + p));
        for (DumpFile.Entry e : loaded.content().apps()) {
            report.add(e.request().name() + ": " + restore(e));
        }
        return report;
    }

    private String restore(DumpFile.Entry e) {
        StartRequest r = e.request();
        if (control.call(s -> s.app(r.name()).isPresent())) {
            return "already in the table, left as it is";
        }
        AppDefinition definition;
        AppSpec spec;
        try {
            definition = AppDefinition.of(r);
            spec = specs.create(definition);
        } catch (IllegalArgumentException ex) {
            return "not restored: " + ex.getMessage();
        }
        Origin origin = new Origin(
                definition,
                e.callerEnv() == null ? r.env() : e.callerEnv(),
                e.fileEnv() == null ? Map.of() : e.fileEnv());
        try {
            control.call(s -> {
                App app = e.stopped() ? s.register(spec) : s.start(spec);
                origins.put(app, origin);
                return app;
            });
            return e.stopped() ? "restored stopped" : "started";
        } catch (IllegalArgumentException | IllegalStateException ex) {
            return "not restored: " + ex.getMessage();
        } catch (RuntimeException ex) {
            return "not restored: internal error: " + ex; // the next app is still restored
        }
    }
}
