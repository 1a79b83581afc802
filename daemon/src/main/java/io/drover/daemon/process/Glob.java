package io.drover.daemon.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A watched path with glob characters ({@code src/**}{@code /*.js}), matched as PM2's watcher (chokidar,
 * picomatch) matches it: {@code *} and {@code ?} within one name, {@code [abc]}, {@code {a,b}}, and a
 * {@code **} name for any number of directories, none included.
 *
 * @param base the longest leading part without glob characters: the directory watched
 * @param depth how many directories below {@code base} can hold a match; {@link Integer#MAX_VALUE} with
 *     {@code **}
 */
public record Glob(Path pattern, Path base, int depth, Pattern regex) {
    /** Whether {@code path} holds glob characters (as chokidar tells a glob from a path). */
    public static boolean isGlob(String path) {
        for (char c : path.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /**
     * @param pattern an absolute path with glob characters
     * @throws IllegalArgumentException naming what does not read as a glob
     */
    public static Glob of(Path pattern) {
        Path base = pattern.getRoot();
        List<String> rest = new ArrayList<>();
        for (Path name : pattern) {
            if (rest.isEmpty() && !isGlob(name.toString())) {
                base = base.resolve(name);
            } else {
                rest.add(name.toString());
            }
        }
        StringBuilder re = new StringBuilder(Pattern.quote(base.toString()));
        boolean any = false;
        for (String name : rest) {
            if (name.equals("**")) {
                re.append("(?:/[^/]+)*");
                any = true;
            } else {
                re.append('/').append(name(name, pattern));
            }
        }
        try {
            return new Glob(
                    pattern,
                    base,
                    any ? Integer.MAX_VALUE : Math.max(0, rest.size() - 1),
                    Pattern.compile(re.toString()));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'" + pattern + "' is not a glob: " + e.getDescription());
        }
    }

    /** Whether {@code path}, absolute, matches. */
    public boolean matches(Path path) {
        return regex.matcher(path.toString()).matches();
    }

    /**
     * The inside of a {@code [...]} as a regular expression class, built character by character (each one
     * escaped, each range checked here) so no glob compiles into a different expression or fails to compile.
     */
    private static String characterClass(String set, Path pattern) {
        int[] chars = set.codePoints().toArray();
        StringBuilder re = new StringBuilder("[");
        int i = 0;
        if (chars.length > 1 && (chars[0] == '!' || chars[0] == '^')) {
            re.append('^');
            i = 1;
        }
        for (; i < chars.length; i++) {
            int from = chars[i];
            if (i + 2 < chars.length && chars[i + 1] == '-') {
                int to = chars[i + 2];
                if (to < from) {
                    throw new IllegalArgumentException("'" + pattern + "' is not a glob: the range '"
                            + Character.toString(from) + "-" + Character.toString(to) + "' is reversed");
                }
                literal(re, from).append('-');
                literal(re, to);
                i += 2;
            } else {
                literal(re, from);
            }
        }
        return re.append(']').toString();
    }

    /** One character as itself inside a class: a backslash before anything but an ASCII letter or digit. */
    private static StringBuilder literal(StringBuilder re, int c) {
        boolean plain = c < 128 && Character.isLetterOrDigit(c);
        return (plain ? re : re.append('\\')).appendCodePoint(c);
    }

    /** One name of a glob as a regular expression: nothing in it crosses a {@code /}. */
    private static String name(String name, Path pattern) {
        StringBuilder re = new StringBuilder();
        int braces = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = name.indexOf(']', i + 2);
                    if (end < 0) {
                        throw new IllegalArgumentException("'" + pattern + "' is not a glob: a '[' is not closed");
                    }
                    re.append(characterClass(name.substring(i + 1, end), pattern));
                    i = end;
                }
                case '{' -> {
                    braces++;
                    re.append("(?:");
                }
                case '}' -> {
                    if (braces == 0) {
                        re.append("\\}");
                    } else {
                        braces--;
                        re.append(')');
                    }
                }
                case ',' -> re.append(braces > 0 ? "|" : ",");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (braces > 0) {
            throw new IllegalArgumentException("'" + pattern + "' is not a glob: a '{' is not closed");
        }
        return re.toString();
    }
}
