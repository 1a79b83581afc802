package io.drover.daemon.operate;

import io.drover.daemon.config.AppSpecFactory;
import io.drover.daemon.process.App;
import io.drover.daemon.process.AppSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The apps' environments: {@code restart --update-env} gives apps the caller's environment. */
public final class Environments {
    private final Control control;
    private final AppSpecFactory specs;
    private final Origins origins;

    Environments(Control control, AppSpecFactory specs, Origins origins) {
        this.control = control;
        this.specs = specs;
        this.origins = origins;
    }

    private record Known(String name, Origin origin) {}

    /**
     * Restarts the apps with {@code env} in place of the environment they were started with; what their
     * ecosystem file sets still applies on top, and each keeps the number of instances it runs now.
     *
     * @return the names of the apps named
     */
    public List<String> restartWithEnv(Selector which, Map<String, String> env) {
        List<Known> known = control.call(s -> which.in(s).apps().stream()
                .map(a -> new Known(a.spec().name(), origins.of(a)))
                .toList());
        // what each app runs from now: kept as its origin, so that a save writes the new environment
        Map<String, Origin> updated = new LinkedHashMap<>();
        Map<String, AppSpec> newSpecs = new LinkedHashMap<>();
        for (Known k : known) {
            if (k.origin() != null) {
                Origin o = k.origin().withCallerEnv(env);
                newSpecs.put(k.name(), specs.create(o.definition()));
                updated.put(k.name(), o);
            }
        }
        control.act(s -> {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (Known k : known) {
                App app = s.app(k.name()).orElse(null);
                AppSpec spec = newSpecs.get(k.name());
                if (app == null || spec == null) {
                    continue;
                }
                // keep the instance count the app runs with now
                done.add(s.redefine(app, spec.withInstances(app.spec().instances()), "restarted by user")
                        .thenCompose(x -> s.launched(app.instances())));
                origins.put(app, updated.get(k.name()));
            }
            return RunningApps.all(done);
        });
        return known.stream().map(Known::name).toList();
    }
}
