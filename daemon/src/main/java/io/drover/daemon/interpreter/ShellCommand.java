package io.drover.daemon.interpreter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script given as a command line for the shell ({@code npm run start}, {@code python3 -m http.server 8080}),
 * which PM2 runs through {@code bash -c} when the script holds a space. Read once, here, as far as deciding
 * where the shell can hand over to the program: a list of simple commands ({@code cd app && node server.js})
 * gets {@code exec} before its last program, so the shell is replaced, the pid shown is the program's, the
 * stop signal reaches it and {@code LISTEN_PID} names it. Anything else (a pipe, a subshell, {@code $(...)},
 * {@code if}) is left to the shell, whose process group still takes the stop signal. The text itself goes to
 * the shell as one argument, never spliced into another command line.
 */
public final class ShellCommand {
    /** Words that open or belong to a compound command: such a line is left to the shell as it is. */
    private static final Set<String> KEYWORDS =
            Set.of("if then else elif fi do done case esac while until for in function select { } ! [[ ]] time coproc"
                    .split(" "));

    /** Builtins that {@code exec} cannot run, or that change the shell: never replaced by exec. */
    private static final Set<String> BUILTINS = Set.of((": . source break continue cd command builtin eval exec exit"
                    + " export readonly return set shift times trap umask unset wait alias unalias bg fg jobs local"
                    + " read type ulimit hash getopts let declare typeset pushd popd shopt enable")
            .split(" "));

    private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*", Pattern.DOTALL);
    private static final Pattern REDIRECTION = Pattern.compile("[0-9]*(?:<<<|<<-|<<|<>|<&|>&|>>|>\\||<|>)(.*)");

    private final String text;
    private final int execAt;
    private final int argsAt;
    private final String program;
    private final boolean alone;

    private ShellCommand(String text, int execAt, int argsAt, String program, boolean alone) {
        this.text = text;
        this.execAt = execAt;
        this.argsAt = argsAt;
        this.program = program;
        this.alone = alone;
    }

    /** Whether a script that names no file is a command line: it holds a blank, as PM2 decides. */
    public static boolean looksLikeCommand(String script) {
        return script.strip().indexOf(' ') >= 0;
    }

    /**
     * @throws IllegalArgumentException for a line the shell could not read: an unclosed quote, a trailing
     *     backslash, {@code &&} or {@code ||} with no command after it
     */
    public static ShellCommand parse(String script) {
        String text = script.strip();
        Scan s = new Scan(text);
        s.run();
        if (s.compound) {
            return new ShellCommand(text, -1, -1, "", false);
        }
        List<List<Word>> commands =
                s.segments.stream().filter(c -> !c.isEmpty()).toList();
        for (List<Word> c : commands) {
            if (KEYWORDS.contains(c.get(0).text)) {
                return new ShellCommand(text, -1, -1, "", false);
            }
        }
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("the command '" + text + "' runs nothing; name a program to run");
        }
        List<Word> last = commands.get(commands.size() - 1);
        int argsAt = last.get(last.size() - 1).end;
        int p = programIndex(last);
        if (p < 0) {
            return new ShellCommand(text, -1, argsAt, "", false);
        }
        Word word = last.get(p);
        boolean builtin = BUILTINS.contains(word.text);
        String program = word.literal && !builtin ? word.text : "";
        boolean alone = commands.size() == 1 && p == 0;
        return new ShellCommand(text, builtin ? -1 : word.start, argsAt, program, alone);
    }

    /** The first word that is neither an assignment nor a redirection, -1 when there is none. */
    private static int programIndex(List<Word> command) {
        for (int i = 0; i < command.size(); i++) {
            String w = command.get(i).text;
            Matcher r = REDIRECTION.matcher(w);
            if (r.matches()) {
                if (r.group(1).isEmpty()) {
                    i++; // the target is the next word
                }
                continue;
            }
            if (!ASSIGNMENT.matcher(w).matches()) {
                return i;
            }
        }
        return -1;
    }

    /** The line as given, trimmed. */
    public String text() {
        return text;
    }

    /**
     * The program the shell hands over to when it is named plainly (no quote, expansion or builtin), for
     * finding it before anything starts and for its interpreter's variables; empty otherwise.
     */
    public Optional<String> program() {
        return program.isEmpty() ? Optional.empty() : Optional.of(program);
    }

    /**
     * Whether {@link #program()} is the line's only command, with nothing before it that could change where
     * it is found ({@code PATH=...}, {@code cd}): then a missing program is sure to fail.
     */
    public boolean programAlone() {
        return alone && !program.isEmpty();
    }

    /** Whether the shell is replaced by the program ({@code exec}): the instance's pid is the program's. */
    public boolean execs() {
        return execAt >= 0;
    }

    /**
     * The text given to {@code sh -c}: {@code exec} before the last program, and with {@code args} a {@code
     * "$@"} after it, so they arrive as the shell's positional parameters, untouched by its parsing.
     *
     * @throws IllegalArgumentException when there are args and the line has no last simple command to take them
     */
    public String forShell(List<String> args) {
        StringBuilder b = new StringBuilder(text);
        if (!args.isEmpty()) {
            if (argsAt < 0) {
                throw new IllegalArgumentException("args: the command '" + text
                        + "' is more than a list of simple commands (a pipe, a subshell, $(...), if or a comment),"
                        + " so there is no one place for its args; write them into the command");
            }
            b.insert(argsAt, " \"$@\"");
        }
        if (execAt >= 0) {
            b.insert(execAt, "exec ");
        }
        return b.toString();
    }

    /**
     * An app name for the line, as PM2 names it after the whole command: its words, each path reduced to its
     * file name since a name holds no {@code /} ({@code node /srv/app/server.js -p 3} is {@code node server.js
     * -p 3}).
     */
    public static String defaultName(String script) {
        List<String> words = new ArrayList<>();
        for (String w : script.strip().split(" +")) {
            String trimmed = w.replaceAll("/+$", "");
            String file = trimmed.substring(trimmed.lastIndexOf('/') + 1);
            if (!file.isEmpty()) {
                words.add(file);
            }
        }
        return String.join(" ", words);
    }

    /** A word of the line: where it starts and ends, and whether it is plain text the shell leaves as it is. */
    private record Word(String text, int start, int end, boolean literal) {}

    /** One pass over the line: words, the simple commands between {@code ;}, {@code &&} and {@code ||}. */
    private static final class Scan {
        final String t;
        final List<List<Word>> segments = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        boolean compound;
        int wordStart = -1;
        boolean literal;
        boolean openList; // the last separator was && or ||, which needs a command after it

        Scan(String t) {
            this.t = t;
        }

        void run() {
            int n = t.length();
            int i = 0;
            while (i < n && !compound) {
                char c = t.charAt(i);
                char next = i + 1 < n ? t.charAt(i + 1) : 0;
                char prev = wordStart >= 0 ? t.charAt(i - 1) : 0;
                if (c == ' ') {
                    endWord(i);
                    i++;
                } else if (c == ';' || (c == '&' && next == '&') || (c == '|' && next == '|')) {
                    endWord(i);
                    endCommand(true, c != ';');
                    i += c == ';' ? 1 : 2;
                } else if ((c == '&' || c == '|') && (prev == '<' || prev == '>')) {
                    word(i); // 2>&1, >&2, >| file
                    i++;
                } else if (c == '&' || c == '|' || c == '(' || c == ')' || c == '`') {
                    compound = true; // background, pipe, subshell, command substitution
                } else if (c == '#' && wordStart < 0) {
                    compound = true; // a comment: what follows is not run
                } else if (c == '\'') {
                    word(i);
                    int close = t.indexOf('\'', i + 1);
                    if (close < 0) {
                        throw unclosed("'");
                    }
                    literal = false;
                    i = close + 1;
                } else if (c == '"') {
                    word(i);
                    i = closingDoubleQuote(i + 1) + 1;
                    literal = false;
                } else if (c == '\\') {
                    if (i + 1 >= n) {
                        throw new IllegalArgumentException(
                                "the command '" + t + "' ends with a backslash; remove it or escape it as \\\\");
                    }
                    word(i);
                    literal = false;
                    i += 2;
                } else {
                    word(i);
                    if (c == '$' && next == '(') {
                        compound = true;
                    } else if ("$*?[~{}".indexOf(c) >= 0) {
                        literal = false;
                    }
                    i++;
                }
            }
            if (compound) {
                return;
            }
            endWord(n);
            if (openList) {
                throw new IllegalArgumentException(
                        "the command '" + t + "' ends with && or ||, which need a command after them; complete it");
            }
            endCommand(false, false);
        }

        /** The index of the {@code "} closing one opened before {@code from}, noting $(...) and `...`. */
        private int closingDoubleQuote(int from) {
            for (int j = from; j < t.length(); j++) {
                char c = t.charAt(j);
                if (c == '\\') {
                    j++;
                } else if (c == '"') {
                    return j;
                } else if (c == '`' || (c == '$' && j + 1 < t.length() && t.charAt(j + 1) == '(')) {
                    compound = true;
                }
            }
            throw unclosed("\"");
        }

        private IllegalArgumentException unclosed(String quote) {
            return new IllegalArgumentException(
                    "the command '" + t + "' opens a " + quote + " quote it never closes; close it");
        }

        private void word(int i) {
            if (wordStart < 0) {
                wordStart = i;
                literal = true;
                openList = false;
            }
        }

        private void endWord(int i) {
            if (wordStart >= 0) {
                current.add(new Word(t.substring(wordStart, i), wordStart, i, literal));
                wordStart = -1;
            }
        }

        /**
         * @param separated a {@code ;}, {@code &&} or {@code ||} follows; false at the end of the line
         * @param list it is {@code &&} or {@code ||}
         */
        private void endCommand(boolean separated, boolean list) {
            if (current.isEmpty() && (separated || openList)) {
                throw new IllegalArgumentException(
                        "the command '" + t + "' has a ;, && or || with no command before it; remove it");
            }
            segments.add(current);
            current = new ArrayList<>();
            openList = list;
        }
    }
}
