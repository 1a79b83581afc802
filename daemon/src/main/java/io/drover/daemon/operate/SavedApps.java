package io.drover.daemon.operate;

import io.drover.api.StartRequest;
import io.drover.daemon.config.AppDefinition;
import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.dump.DumpFile;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import io.drover.daemon.process.Instance;
import io.drover.daemon.process.ProcessState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code drover save} and {@code drover resurrect}: the app list in {@code $DROVER_HOME/dump.json}. */
public final class SavedApps {
    /** What resurrect says of a saved app the table holds already. */
    private static final String ALREADY = "already in the table, left as it is";

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
     * which of them a user stopped, in the order of their ids, which resurrect adds them in.
     *
     * @param force write even an empty table, over the saved apps
     * @return the file and how many apps it holds
     * @throws IllegalArgumentException when there is no app to save and {@code force} is off
     */
    public String save(boolean force) {
        record Saved(List<DumpFile.Entry> entries, long now) {}
        Saved saved = control.call(s -> {
            List<App> byId = new ArrayList<>(s.apps());
            byId.sort(Comparator.comparingInt(SavedApps::firstId));
            List<DumpFile.Entry> entries = new ArrayList<>();
            for (App a : byId) {
                Origin o = origins.of(a);
                if (o == null) {
                    continue;
                }
                List<Integer> stopped = a.instances().stream()
                        .filter(i -> i.state() == ProcessState.STOPPED)
                        .map(Instance::index)
                        .sorted()
                        .toList();
                StartRequest now = o.saved(a.spec().name(), a.spec().instances());
                entries.add(new DumpFile.Entry(now, o.callerEnv(), o.fileEnv(), a.allStopped(), stopped));
            }
            return new Saved(entries, System.currentTimeMillis());
        });
        if (saved.entries().isEmpty() && !force) {
            throw new IllegalArgumentException("no app to save: saving would replace " + dump.file()
                    + " with an empty list; 'drover save --force' does that on purpose");
        }
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

    /** The app's lowest instance id: apps are saved in the order their ids were given. */
    private static int firstId(App a) {
        return a.instances().stream().mapToInt(Instance::id).min().orElse(Integer.MAX_VALUE);
    }

    private String restore(DumpFile.Entry e) {
        StartRequest r = e.request();
        if (control.call(s -> s.app(r.name()).isPresent())) {
            return ALREADY;
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
            boolean added = control.call(s -> {
                if (s.app(r.name()).isPresent()) {
                    return false; // started meanwhile: the check and the adding are one step of the table
                }
                App app = s.register(spec);
                origins.put(app, origin);
                if (!e.stopped()) {
                    s.startApp(app, "started by user", Set.copyOf(e.stoppedInstances()));
                }
                return true;
            });
            if (!added) {
                return ALREADY;
            }
            if (e.stopped()) {
                return "restored stopped";
            }
            return e.stoppedInstances().isEmpty()
                    ? "started"
                    : "started; instance" + (e.stoppedInstances().size() == 1 ? " " : "s ")
                            + e.stoppedInstances().stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + (e.stoppedInstances().size() == 1 ? " stays" : " stay") + " stopped, as saved";
        } catch (IllegalArgumentException | IllegalStateException ex) {
            return "not restored: " + ex.getMessage();
        } catch (RuntimeException ex) {
            return "not restored: internal error: " + ex; // the next app is still restored
        }
    }
}
