package io.drover.cli.monit;

import io.drover.api.AppView;
import io.drover.api.DaemonMXBean;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.api.ProcessSamples;
import io.drover.cli.Errors;
import java.util.List;
import javax.management.AttributeNotFoundException;

/**
 * What the dashboard asks the daemon: every process's samples, in columns, once a second, and the whole
 * view of the selected one alone (at a thousand processes, a thousand full views a second cost the daemon
 * and the dashboard each more than 2% of a core); the selected app's description when the app changes or
 * now and then. The log pane always follows the files of the view the model holds, so it never shows
 * another process's lines under the selected one's title. A daemon from before the samples is polled for
 * its whole listing instead.
 */
final class DaemonPoll {
    /** The selected app's description (script, sockets...) is asked again this often. */
    static final long DESCRIBE_MILLIS = 5000;

    private final DaemonMXBean daemon;
    private final MonitModel model;
    private final LogFeed feed;
    private long nextDescribe;
    private String described = "";
    /** The daemon has no {@code ProcessSamples}: the whole listing gives the samples and the views. */
    private List<InstanceView> listing;

    DaemonPoll(DaemonMXBean daemon, MonitModel model, LogFeed feed) {
        this.daemon = daemon;
        this.model = model;
        this.feed = feed;
    }

    /** Asks for everything the screen shows; the selection's log files get their last {@code rows} lines. */
    void poll(long now, int rows) {
        try {
            ProcessSamples samples = samples();
            HostView host;
            try {
                host = daemon.getHost();
            } catch (RuntimeException e) {
                host = null; // a daemon from before host metrics: the rest still works
            }
            model.update(samples, host);
            follow(now, rows);
        } catch (RuntimeException e) {
            model.unreachable("the daemon did not answer: " + Errors.message(e) + " (trying again)");
        }
    }

    /** The app's description is asked again at the next poll (an action changed it). */
    void describeSoon(long now) {
        nextDescribe = now;
    }

    /**
     * Asks for the selected process's whole view, follows its log files, and asks for its app's description
     * when the app changed or it is time; throws what the daemon threw.
     */
    void follow(long now, int rows) {
        Row selected = model.selected();
        InstanceView view = null;
        try {
            view = selected == null ? null : view(selected.id());
        } finally {
            // with no view (the daemon failed to give it) the pane is emptied, not left on other files
            model.detail(view);
            List<LogLine> start = feed.follow(model.selectedView(), rows);
            if (start != null) {
                model.resetLogs(start);
            }
        }
        String app = selected == null ? "" : selected.app();
        if (!app.isEmpty() && (!app.equals(described) || now >= nextDescribe)) {
            AppView description = daemon.describe(app);
            model.describe(description);
            described = app;
            nextDescribe = now + DESCRIBE_MILLIS;
        }
    }

    private ProcessSamples samples() {
        if (listing == null) {
            try {
                return daemon.getProcessSamples();
            } catch (RuntimeException e) {
                if (!olderDaemon(e)) {
                    throw e;
                }
            }
        }
        listing = daemon.getProcesses();
        return ProcessSamples.of(listing);
    }

    /** The process's whole view; null when it went away since the poll that listed it. */
    private InstanceView view(int id) {
        if (listing != null) {
            return listing.stream().filter(v -> v.id() == id).findFirst().orElse(null);
        }
        try {
            List<InstanceView> one = daemon.processesOf(Integer.toString(id));
            return one.isEmpty() ? null : one.get(0);
        } catch (IllegalArgumentException gone) {
            return null;
        }
    }

    private static boolean olderDaemon(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AttributeNotFoundException) {
                return true;
            }
        }
        return false;
    }
}
