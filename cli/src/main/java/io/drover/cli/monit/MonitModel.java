package io.drover.cli.monit;

import io.drover.api.AppView;
import io.drover.api.HostView;
import io.drover.api.InstanceView;
import io.drover.api.ProcessSamples;
import io.drover.cli.render.Compact;
import io.drover.cli.render.ProcessTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything {@code drover monit} shows, and the keys' effect on it: the processes and their recent cpu
 * and memory, the host, the selected process's whole view, app and log lines, the filter. {@link #render} draws it for
 * any size as plain text with styled stretches, so all of it is tested without a terminal.
 */
final class MonitModel {
    /** Samples kept per process: a minute at one a second. */
    static final int HISTORY = 60;
    /** Log lines kept for the selected process. */
    static final int LOG_LINES = 500;
    /** How long the outcome of a key stays in the bottom bar. */
    static final long STATUS_MILLIS = 6000;
    /** Two panes side by side from this width on, else one above the other. */
    static final int TWO_COLUMNS = 100;

    static final String KEYS = "↑↓ select  r restart  R reload  s stop  +/- scale  / filter  q quit";

    private static final Pattern ESCAPES = Pattern.compile("\u001B(\\[[0-?]*[ -/]*[@-~]|\\][^\u0007]*\u0007|.)");

    private List<Row> processes = List.of();
    private InstanceView detail;
    private HostView host;
    private final History hostCpu = new History(HISTORY);
    private final Map<Integer, History> cpu = new HashMap<>();
    private final Map<Integer, History> memory = new HashMap<>();
    private AppView app;
    private final Deque<LogLine> logs = new ArrayDeque<>();
    private Integer selectedId;
    private int top;
    private String filter = "";
    private boolean editingFilter;
    private String status = "";
    private long statusAt;
    private String problem = "";

    /** A new poll of the daemon: each process's cpu and memory join its history. */
    void update(ProcessSamples samples, HostView hostView) {
        processes = Row.all(samples);
        host = hostView;
        if (hostView != null) {
            hostCpu.add(hostView.cpuPercent());
        }
        Map<Integer, Boolean> seen = new HashMap<>();
        for (Row p : processes) {
            seen.put(p.id(), true);
            cpu.computeIfAbsent(p.id(), k -> new History(HISTORY)).add(p.cpuPercent());
            memory.computeIfAbsent(p.id(), k -> new History(HISTORY)).add(p.memoryBytes());
        }
        cpu.keySet().removeIf(id -> !seen.containsKey(id));
        memory.keySet().removeIf(id -> !seen.containsKey(id));
        problem = "";
        keepSelection();
    }

    /** The daemon could not be asked: said in the bottom bar until the next answer. */
    void unreachable(String why) {
        problem = why;
    }

    /** The selected process's whole view, as {@code processesOf} returns it; null when it is gone. */
    void detail(InstanceView view) {
        detail = view;
    }

    /** The selected process's app, as {@code describe} returns it. */
    void describe(AppView view) {
        app = view;
    }

    /** The log pane starts over with {@code lines} (another process was selected). */
    void resetLogs(List<LogLine> lines) {
        logs.clear();
        addLogs(lines);
    }

    void addLogs(List<LogLine> lines) {
        for (LogLine l : lines) {
            logs.addLast(new LogLine(ESCAPES.matcher(l.text()).replaceAll(""), l.error()));
            if (logs.size() > LOG_LINES) {
                logs.removeFirst();
            }
        }
    }

    /** Shows what a key did (or why it did nothing) in the bottom bar for a while. */
    void status(String message, long now) {
        status = message;
        statusAt = now;
    }

    /** The processes the filter lets through, by id. */
    List<Row> visible() {
        if (filter.isEmpty()) {
            return processes;
        }
        String f = filter.toLowerCase(Locale.ROOT);
        List<Row> out = new ArrayList<>();
        for (Row p : processes) {
            if (p.app().toLowerCase(Locale.ROOT).contains(f)
                    || p.namespace().toLowerCase(Locale.ROOT).contains(f)
                    || Integer.toString(p.id()).equals(f)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The selected process; null when none is visible. */
    Row selected() {
        for (Row p : visible()) {
            if (selectedId != null && p.id() == selectedId) {
                return p;
            }
        }
        return null;
    }

    /** The selected process's whole view; null until it is asked for, or when none is selected. */
    InstanceView selectedView() {
        Row p = selected();
        return p != null && detail != null && detail.id() == p.id() ? detail : null;
    }

    String filter() {
        return filter;
    }

    boolean editingFilter() {
        return editingFilter;
    }

    /** What {@code key} does: the dashboard's own keys are handled here, the daemon's are returned. */
    Action key(Key key, long now) {
        switch (key.kind()) {
            case INTERRUPT, END_OF_INPUT:
                return Action.QUIT;
            case UP:
                move(-1);
                return Action.NONE;
            case DOWN:
                move(1);
                return Action.NONE;
            case PAGE_UP:
                move(-10);
                return Action.NONE;
            case PAGE_DOWN:
                move(10);
                return Action.NONE;
            case HOME:
                move(-Integer.MAX_VALUE / 2);
                return Action.NONE;
            case END:
                move(Integer.MAX_VALUE / 2);
                return Action.NONE;
            default:
                break;
        }
        if (editingFilter) {
            switch (key.kind()) {
                case ENTER -> editingFilter = false;
                case ESCAPE -> {
                    editingFilter = false;
                    filter = "";
                }
                case BACKSPACE -> filter = filter.isEmpty() ? "" : filter.substring(0, filter.length() - 1);
                case CHAR -> filter = filter + key.ch();
                default -> {}
            }
            keepSelection();
            return Action.NONE;
        }
        if (key.kind() == Key.Kind.ESCAPE) {
            filter = "";
            keepSelection();
            return Action.NONE;
        }
        if (key.kind() != Key.Kind.CHAR) {
            return Action.NONE;
        }
        Row p = selected();
        switch (key.ch()) {
            case 'q', 'Q':
                return Action.QUIT;
            case 'k':
                move(-1);
                return Action.NONE;
            case 'j':
                move(1);
                return Action.NONE;
            case '/':
                editingFilter = true;
                return Action.NONE;
            default:
                break;
        }
        Action.Kind kind =
                switch (key.ch()) {
                    case 'r' -> Action.Kind.RESTART;
                    case 'R' -> Action.Kind.RELOAD;
                    case 's' -> Action.Kind.STOP;
                    case '+', '=', '-' -> Action.Kind.SCALE;
                    default -> Action.Kind.NONE;
                };
        if (kind == Action.Kind.NONE) {
            return Action.NONE;
        }
        if (p == null) {
            status("no process selected", now);
            return Action.NONE;
        }
        if (kind != Action.Kind.SCALE) {
            return Action.on(kind, p.app());
        }
        int instances = instancesOf(p.app());
        if (key.ch() == '-' && instances <= 1) {
            status(p.app() + " has one instance left: 's' stops it", now);
            return Action.NONE;
        }
        return new Action(Action.Kind.SCALE, p.app(), instances + (key.ch() == '-' ? -1 : 1));
    }

    private int instancesOf(String name) {
        if (app != null && app.name().equals(name)) {
            return app.instances();
        }
        int n = 0;
        for (Row p : processes) {
            n += p.app().equals(name) ? 1 : 0;
        }
        return n;
    }

    private void move(int by) {
        List<Row> v = visible();
        if (v.isEmpty()) {
            return;
        }
        int at = indexOfSelected(v);
        int to = (int) Math.max(0, Math.min(v.size() - 1, (long) Math.max(at, 0) + by));
        selectedId = v.get(to).id();
    }

    /** The selection stays on its process while it is visible, else moves to the first one that is. */
    private void keepSelection() {
        List<Row> v = visible();
        if (indexOfSelected(v) < 0) {
            selectedId = v.isEmpty() ? null : v.get(0).id();
        }
    }

    private int indexOfSelected(List<Row> v) {
        for (int i = 0; i < v.size(); i++) {
            if (selectedId != null && v.get(i).id() == selectedId) {
                return i;
            }
        }
        return -1;
    }

    /** The screen, {@code width} columns by {@code height} rows, at wall-clock time {@code now}. */
    List<Line> render(int width, int height, long now) {
        Canvas c = new Canvas(Math.max(1, width), Math.max(1, height));
        Panes.draw(this, c, now);
        return c.lines();
    }

    // what the panes read

    List<Row> processes() {
        return processes;
    }

    HostView host() {
        return host;
    }

    double[] hostCpuHistory(int n) {
        return hostCpu.last(n);
    }

    double[] cpuHistory(int id, int n) {
        History h = cpu.get(id);
        return h == null ? new double[0] : h.last(n);
    }

    double[] memoryHistory(int id, int n) {
        History h = memory.get(id);
        return h == null ? new double[0] : h.last(n);
    }

    AppView app() {
        return app;
    }

    List<LogLine> logs(int n) {
        List<LogLine> all = new ArrayList<>(logs);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** The first row of the list shown, moved so that the selected row is on screen. */
    int scrollTo(int rows) {
        int at = Math.max(0, indexOfSelected(visible()));
        if (at < top) {
            top = at;
        } else if (at >= top + rows) {
            top = at - rows + 1;
        }
        top = Math.max(0, Math.min(top, Math.max(0, visible().size() - rows)));
        return top;
    }

    /** What the bottom bar says: the filter being typed, a problem, a recent outcome, else the keys. */
    String bottom(long now) {
        if (editingFilter) {
            return "filter: " + filter + "▏  (Enter keeps it, Esc clears it)";
        }
        if (!problem.isEmpty()) {
            return problem;
        }
        if (!status.isEmpty() && now - statusAt < STATUS_MILLIS) {
            return status;
        }
        return KEYS;
    }

    /** Why the selected process is as it is, as {@code drover ls} says it. */
    static String why(InstanceView p, long now) {
        return ProcessTable.why(p, now);
    }

    static String bytes(double b) {
        return Compact.bytes((long) b);
    }
}
