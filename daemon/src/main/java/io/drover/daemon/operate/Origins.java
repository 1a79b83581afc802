package io.drover.daemon.operate;

import io.drover.daemon.process.App;
import io.drover.daemon.supervise.Supervisor;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Origin} of each app in the table, by the app itself (an app deleted and started again
 * under its name is another app). Touched only on the supervisor's thread.
 */
final class Origins {
    private final Map<App, Origin> byApp = new IdentityHashMap<>();

    void put(App app, Origin origin) {
        byApp.put(app, origin);
    }

    /** The app's origin, or null for an app not started through these operations. */
    Origin of(App app) {
        return byApp.get(app);
    }

    /** The environment of whoever started the app; empty when unknown. */
    Map<String, String> callerEnv(App app) {
        Origin o = byApp.get(app);
        return o == null ? Map.of() : o.callerEnv();
    }

    /** Deletes the app and forgets its origin once it has left the table. */
    CompletableFuture<Void> delete(Supervisor s, App app) {
        return s.delete(app).thenRun(() -> byApp.remove(app));
    }

    /** How many apps have an origin. */
    int size() {
        return byApp.size();
    }
}
