package io.drover.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the few fields the tests need from {@code drover jlist}'s JSON. */
public final class Jlist {
    public record Proc(String name, long pid, String status, int restarts) {}

    private static final Pattern ENTRY = Pattern.compile(
            "\"pid\" : (\\d+),\\s*\"name\" : \"((?:[^\"\\\\]|\\\\.)*)\"[\\s\\S]*?\"status\" : \"([^\"]*)\"[\\s\\S]*?\"restart_time\" : (\\d+)");

    public static List<Proc> parse(String json) {
        List<Proc> procs = new ArrayList<>();
        Matcher m = ENTRY.matcher(json);
        while (m.find()) {
            // a name holds quotes and backslashes escaped: a command line is named after itself
            String name = m.group(2).replaceAll("\\\\(.)", "$1");
            procs.add(new Proc(name, Long.parseLong(m.group(1)), m.group(3), Integer.parseInt(m.group(4))));
        }
        return procs;
    }

    /** How many instances of app {@code name} are online. */
    public static long online(String json, String name) {
        return parse(json).stream()
                .filter(p -> p.name().equals(name) && p.status().equals("online"))
                .count();
    }

    public static Proc of(String json, String name) {
        return parse(json).stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no app " + name + " in\n" + json));
    }

    /** Why the first instance of app {@code name} is in its status ({@code drover.reason}). */
    public static String reason(String json, String name) {
        Matcher m = Pattern.compile("\"name\" : \"" + Pattern.quote(name) + "\"[\\s\\S]*?\"reason\" : \"([^\"]*)\"")
                .matcher(json);
        if (!m.find()) {
            throw new AssertionError("no app " + name + " in\n" + json);
        }
        return m.group(1);
    }
}
