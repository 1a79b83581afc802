package io.drover.daemon.ecosystem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Reads an ecosystem file into a {@link Node} tree, by its name: JSON, YAML or JavaScript. */
public final class EcosystemFile {
    /** Larger files are refused: an ecosystem file is a page of settings. */
    static final long MAX_BYTES = 4L * 1024 * 1024;

    /**
     * What {@code node} runs to print a JS ecosystem file's export as JSON; {@code .mjs} files and ES
     * modules are imported.
     */
    static final String NODE_PRINT = String.join(
            "\n",
            "const f = process.argv[1];",
            "(async () => {",
            "  let m;",
            "  try { m = require(f); }",
            "  catch (e) {",
            "    if (e && (e.code === 'ERR_REQUIRE_ESM' || e.code === 'ERR_REQUIRE_ASYNC_MODULE'))",
            "      m = await import(require('url').pathToFileURL(f).href);",
            "    else throw e;",
            "  }",
            "  if (m && m.default && !m.apps) m = m.default;",
            "  if (typeof m === 'function') m = await m();",
            "  process.stdout.write(JSON.stringify(m === undefined ? null : m));",
            "})().catch(e => { process.stderr.write(String((e && e.stack) || e)); process.exit(1); });");

    /**
     * What {@code node} runs to print a {@code .json} file's value as PM2 reads it ({@code Common.parseConfig}):
     * the text evaluated as one JavaScript expression, so {@code process.env.NODE_ENV || 'dev'} works.
     */
    static final String NODE_EXPRESSION = String.join(
            "\n",
            "const f = process.argv[1];",
            "try {",
            "  const src = require('fs').readFileSync(f, 'utf8');",
            "  const m = require('vm').runInThisContext('(' + src + ')',",
            "    { filename: f, displayErrors: false, timeout: 1000 });",
            "  process.stdout.write(JSON.stringify(m === undefined ? null : m));",
            "} catch (e) {",
            "  process.stderr.write(e && e.name ? e.name + ': ' + e.message : String(e));",
            "  process.exit(1);",
            "}");

    private EcosystemFile() {
        /* no instances */
    }

    /** Whether {@code name} is an ecosystem file rather than a script (as PM2 tells them apart). */
    public static boolean isEcosystemFile(String name) {
        Path file = Path.of(name).getFileName();
        if (file == null) {
            return false;
        }
        String n = file.toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json")
                || n.endsWith(".yml")
                || n.endsWith(".yaml")
                || n.endsWith(".config.js")
                || n.endsWith(".config.cjs")
                || n.endsWith(".config.mjs");
    }

    /**
     * Reads {@code file}.
     *
     * @param env the caller's environment (its {@code PATH} finds {@code node})
     * @throws EcosystemException naming the file and, when known, the line and column
     */
    public static Node read(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new EcosystemException("ecosystem file not found: " + file + "; check the path");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new EcosystemException(file + ": larger than " + MAX_BYTES / (1024 * 1024) + " MB; an ecosystem"
                        + " file holds settings, not data");
            }
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yml") || name.endsWith(".yaml")) {
                return whole(file, TreeReader.YAML.createParser(Files.readAllBytes(file)));
            }
            if (name.endsWith(".js") || name.endsWith(".cjs") || name.endsWith(".mjs")) {
                byte[] json = NodeRun.evaluate(file, NODE_PRINT, env, MAX_BYTES, NodeRun.TIMEOUT);
                return whole(file, TreeReader.JSON.createParser(json));
            }
            return json(file, Files.readAllBytes(file), env);
        } catch (IOException e) {
            throw new EcosystemException(file + ": cannot read it: " + e.getMessage());
        }
    }

    /**
     * A {@code .json} file: read as JSON (with comments, unquoted keys, trailing commas); what that cannot
     * read, as PM2 reads it, through node as a JavaScript expression.
     */
    private static Node json(Path file, byte[] text, Map<String, String> env) throws IOException {
        JsonProcessingException strict;
        try (JsonParser parser = TreeReader.JSON.createParser(text)) {
            return parse(file, parser);
        } catch (SyntaxError e) {
            strict = e.json;
        }
        String syntax = syntaxError(file, strict);
        if (NodeRun.node(env).isEmpty()) {
            throw new EcosystemException(syntax + "; if it is a JavaScript expression (PM2 evaluates .json files),"
                    + " reading it needs node, which is not on " + NodeRun.path(env)
                    + ": install nodejs, or write the file as plain JSON");
        }
        byte[] json;
        try {
            json = NodeRun.evaluate(file, NODE_EXPRESSION, env, MAX_BYTES, NodeRun.TIMEOUT);
        } catch (NodeRun.Threw e) {
            if (e.error().matches("(line \\d+: )?SyntaxError\\b.*")) {
                // node's own parse fails too: the JSON error says where, node's points into the expression it built
                throw new EcosystemException(
                        syntax + "; it is no JavaScript expression either (PM2 reads .json as one)");
            }
            throw new EcosystemException(syntax + "; read as JavaScript, as PM2 reads it: " + e.error());
        }
        return whole(file, TreeReader.JSON.createParser(json));
    }

    /** Reads everything {@code parser} gives; a syntax error is a problem. */
    private static Node whole(Path file, JsonParser parser) throws IOException {
        try (parser) {
            return parse(file, parser);
        } catch (SyntaxError e) {
            throw new EcosystemException(syntaxError(file, e.json));
        }
    }

    /** A JSON syntax error, kept apart from other problems so that node can have a go at the file. */
    private static final class SyntaxError extends RuntimeException {
        final transient JsonProcessingException json;

        SyntaxError(JsonProcessingException cause) {
            super(cause.getOriginalMessage(), null, false, false);
            this.json = cause;
        }
    }

    private static String syntaxError(Path file, JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        String where = l == null || l.getLineNr() < 1 ? "" : ":" + l.getLineNr() + ":" + l.getColumnNr();
        return file + where + ": syntax error: " + withoutSource(firstLine(e.getOriginalMessage()));
    }

    /** Jackson's "[Source: REDACTED (...); line: 1, column: 11]" inside a message, as "line 1, column 11". */
    static String withoutSource(String message) {
        return message.replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    }

    private static Node parse(Path file, JsonParser parser) {
        try {
            return TreeReader.read(parser);
        } catch (JsonProcessingException e) {
            throw new SyntaxError(e);
        } catch (StackOverflowError e) {
            throw new EcosystemException(file + ": nested too deeply");
        } catch (IOException | RuntimeException e) {
            if (e instanceof EcosystemException ee) {
                throw ee;
            }
            throw new EcosystemException(file + ": " + firstLine(e.getMessage()));
        }
    }

    static String firstLine(String s) {
        if (s == null || s.isBlank()) {
            return "no details";
        }
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl >= 0 ? t.substring(0, nl).strip() : t;
    }
}
