package io.drover.daemon.operate;

import io.drover.daemon.process.App;
import io.drover.daemon.process.Instance;
import io.drover.daemon.supervise.Supervisor;
import io.drover.daemon.supervise.Supervisor.Target;
import java.util.List;
import java.util.function.Function;

/** Which apps or instances an operation acts on, resolved on the supervisor's thread. */
public final class Selector {
    private final String text;
    private final Function<Supervisor, Target> resolve;

    private Selector(String text, Function<Supervisor, Target> resolve) {
        this.text = text;
        this.resolve = resolve;
    }

    /** What a user names: an app name, an instance id, a namespace or {@code all}. */
    public static Selector target(String target) {
        return new Selector(target, s -> s.resolve(target));
    }

    /** The whole app of exactly that name. */
    public static Selector app(String name) {
        return new Selector(name, s -> {
            App app = named(s, name);
            return new Target(List.of(app), List.copyOf(app.instances()), true);
        });
    }

    /** One instance of an app, by its index. */
    public static Selector instance(String app, int index) {
        return new Selector(app + ":" + index, s -> {
            App a = named(s, app);
            Instance i = a.instances().stream()
                    .filter(x -> x.index() == index)
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("app '" + app + "' has no instance " + index));
            return new Target(List.of(a), List.of(i), false);
        });
    }

    /** Call on the supervisor's thread. */
    Target in(Supervisor s) {
        return resolve.apply(s);
    }

    static App named(Supervisor s, String name) {
        return s.app(name)
                .orElseThrow(() -> new IllegalArgumentException("no app named '" + name + "'; 'drover ls' lists them"));
    }

    /** As the user gave it, for messages. */
    @Override
    public String toString() {
        return text;
    }
}
