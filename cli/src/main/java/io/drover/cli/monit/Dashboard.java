package io.drover.cli.monit;

import io.drover.api.DaemonMXBean;
import io.drover.api.ReloadResult;
import io.drover.cli.CliException;
import io.drover.cli.Errors;
import io.drover.cli.ExitCodes;
import io.drover.cli.client.DaemonClient;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Curses;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The terminal side of {@code drover monit}: the alternate screen in raw mode, the daemon polled about once
 * a second, the log files looked at four times a second, and the screen rewritten only where a line
 * changed (JLine's {@link Display}), so an idle dashboard costs next to nothing ({@link DaemonPoll} says
 * what a poll asks). The daemon's operations run on a thread of their own, on a connection of their own,
 * so a slow restart never freezes the screen.
 */
public final class Dashboard {
    static final long POLL_MILLIS = 1000;
    static final long TICK_MILLIS = 250;

    private final Path home;
    private final MonitModel model = new MonitModel();
    private final LogFeed feed = new LogFeed();
    private final AtomicBoolean quit = new AtomicBoolean();
    private final AtomicBoolean resized = new AtomicBoolean();
    private final ExecutorService actions = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "drover-monit-actions");
        t.setDaemon(true);
        return t;
    });
    /** What the action thread did, for the screen's thread to show. */
    private final Queue<String> outcomes = new ConcurrentLinkedQueue<>();

    private volatile DaemonClient actionClient;
    private long nextPoll;
    private final DaemonPoll poll;
    /** The selection moved to a process whose view has not been asked for. */
    private boolean moved;

    private Dashboard(Path home, DaemonClient client) {
        this.home = home;
        this.poll = new DaemonPoll(client.daemon(), model, feed);
    }

    /** Runs the dashboard until {@code q}, Ctrl-C or the terminal's end; the exit code. */
    public static int run(Path home, DaemonClient client) throws IOException {
        return new Dashboard(home, client).run();
    }

    private int run() throws IOException {
        // box-drawing characters as they are: tmux and others draw JLine's alternate-charset ones as letters
        System.setProperty(TerminalBuilder.PROP_DISABLE_ALTERNATE_CHARSET, "true");
        Terminal terminal = TerminalBuilder.builder().system(true).build();
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            terminal.close();
            throw new CliException(
                    ExitCodes.USAGE,
                    "drover monit needs a terminal that can move its cursor, not TERM=" + terminal.getType()
                            + "; 'drover ls' prints the table once");
        }
        Attributes saved = terminal.enterRawMode();
        String leave = sequence(terminal, Capability.exit_ca_mode, Capability.keypad_local, Capability.cursor_visible);
        AtomicBoolean restored = new AtomicBoolean();
        Runnable restore = () -> {
            if (restored.compareAndSet(false, true)) {
                try {
                    terminal.writer().write(leave);
                    terminal.flush();
                    terminal.setAttributes(saved);
                } catch (IllegalStateException closed) {
                    // on SIGTERM, JLine's own shutdown hook may close the terminal first: it puts the modes
                    // back itself, and the screen is left by writing to the descriptor directly
                    leaveDirectly(leave);
                }
            }
        };
        // a SIGTERM or SIGHUP ends the JVM without the finally below: the terminal is given back all the same
        Thread hook = new Thread(restore, "drover-monit-restore");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            terminal.handle(Terminal.Signal.INT, s -> quit.set(true));
            terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
            terminal.puts(Capability.enter_ca_mode);
            terminal.puts(Capability.keypad_xmit);
            terminal.puts(Capability.cursor_invisible);
            terminal.puts(Capability.clear_screen);
            terminal.flush();
            loop(terminal);
        } finally {
            restore.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs (and does nothing more)
            }
            actions.shutdownNow();
            if (actionClient != null) {
                actionClient.close();
            }
            terminal.close();
        }
        return ExitCodes.OK;
    }

    private void loop(Terminal terminal) throws IOException {
        Display display = new Display(terminal, true);
        Size size = terminal.getSize();
        display.resize(size.getRows(), size.getColumns());
        NonBlockingReader reader = terminal.reader();
        Keys.Input input = reader::read;
        List<AttributedString> shown = null;
        boolean dirty = true;
        while (!quit.get()) {
            long now = System.currentTimeMillis();
            for (String done = outcomes.poll(); done != null; done = outcomes.poll()) {
                model.status(done, now);
                nextPoll = now; // show what it did at once
                poll.describeSoon(now);
            }
            if (now >= nextPoll) {
                poll.poll(now, size.getRows());
                nextPoll = now + POLL_MILLIS;
                dirty = true;
            } else if (moved) {
                try {
                    poll.follow(now, size.getRows());
                } catch (RuntimeException e) {
                    nextPoll = now; // the poll says what is wrong
                }
                dirty = true;
            }
            moved = false;
            List<LogLine> fresh = feed.poll();
            if (!fresh.isEmpty()) {
                model.addLogs(fresh);
                dirty = true;
            }
            if (resized.getAndSet(false)) {
                size = terminal.getSize();
                display.clear();
                display.resize(size.getRows(), size.getColumns());
                shown = null;
                dirty = true;
            }
            // drawn only after something happened: an idle tick costs two file checks
            if (dirty) {
                List<AttributedString> frame = frame(model.render(size.getColumns(), size.getRows(), now));
                if (!frame.equals(shown)) {
                    display.update(frame, -1);
                    terminal.flush();
                    shown = frame;
                }
                dirty = false;
            }
            Key key = Keys.next(input, Math.max(1, Math.min(TICK_MILLIS, nextPoll - System.currentTimeMillis())));
            while (key != null && !quit.get()) {
                act(model.key(key, System.currentTimeMillis()));
                dirty = true;
                key = Keys.next(input, 1); // the rest of a burst (a held arrow) before the next frame
            }
        }
    }

    private void act(Action a) {
        switch (a.kind()) {
            case NONE -> // the model handled it; a new selection needs its view, app and logs before the next frame
                moved |= model.selectedView() == null;
            case QUIT -> quit.set(true);
            default -> {
                String what =
                        switch (a.kind()) {
                                    case RESTART -> "restarting ";
                                    case RELOAD -> "reloading ";
                                    case STOP -> "stopping ";
                                    default -> "scaling ";
                                }
                                + a.app() + (a.kind() == Action.Kind.SCALE ? " to " + a.instances() : "") + "…";
                model.status(what, System.currentTimeMillis());
                actions.execute(() -> perform(a));
            }
        }
    }

    private void perform(Action a) {
        String done;
        try {
            if (actionClient == null) {
                actionClient = DaemonClient.tryConnect(home);
                if (actionClient == null) {
                    throw new IllegalStateException("no daemon answers on " + home);
                }
            }
            DaemonMXBean d = actionClient.daemon();
            done = switch (a.kind()) {
                case RESTART -> "restarted " + String.join(", ", d.restart(a.app()));
                case RELOAD -> reloaded(d.reload(a.app(), 0));
                case STOP -> "stopped " + String.join(", ", d.stop(a.app()));
                case SCALE ->
                    "scaled " + a.app() + " to "
                            + d.scale(a.app(), a.instances()).instances();
                default -> "";
            };
        } catch (RuntimeException e) {
            done = a.app() + ": " + Errors.message(e);
        }
        outcomes.add(done);
    }

    private static String reloaded(List<ReloadResult> results) {
        List<String> parts = new ArrayList<>();
        for (ReloadResult r : results) {
            parts.add(
                    r.failed()
                            ? "reload of " + r.app() + " failed: " + r.reason()
                            : "reloaded " + r.app() + " (" + r.started() + " new, " + r.stopped() + " old stopped)"
                                    + (r.reason().isEmpty() ? "" : ": " + r.reason()));
        }
        return String.join("; ", parts);
    }

    /** What the terminal must be sent for {@code capabilities}, as text (empty for one it lacks). */
    private static String sequence(Terminal terminal, Capability... capabilities) {
        StringBuilder s = new StringBuilder();
        for (Capability c : capabilities) {
            String cap = terminal.getStringCapability(c);
            if (cap != null) {
                Curses.tputs(s, cap);
            }
        }
        return s.toString();
    }

    private static void leaveDirectly(String sequence) {
        try {
            FileOutputStream out = new FileOutputStream(FileDescriptor.out);
            out.write(sequence.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // the terminal is gone: nothing to restore
        }
    }

    /** The model's lines in the terminal's attributes. */
    static List<AttributedString> frame(List<Line> lines) {
        List<AttributedString> out = new ArrayList<>(lines.size());
        for (Line l : lines) {
            AttributedStringBuilder b = new AttributedStringBuilder(l.text().length() + 16);
            int at = 0;
            for (Line.Span s : l.spans()) {
                b.append(l.text(), at, s.from());
                b.style(style(s.style()));
                b.append(l.text(), s.from(), s.to());
                b.style(AttributedStyle.DEFAULT);
                at = s.to();
            }
            b.append(l.text(), at, l.text().length());
            out.add(b.toAttributedString());
        }
        return out;
    }

    private static AttributedStyle style(Style s) {
        return switch (s) {
            case PLAIN -> AttributedStyle.DEFAULT;
            case BAR -> AttributedStyle.DEFAULT.inverse();
            case TITLE -> AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);
            case SELECTED -> AttributedStyle.DEFAULT.inverse().bold();
            case DIM -> AttributedStyle.DEFAULT.faint();
            case GOOD -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
            case BAD -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
        };
    }
}
