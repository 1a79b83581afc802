package io.drover.daemon.ecosystem;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads JSON or YAML into {@link Node}s that remember their line and column. */
final class TreeReader {
    /** JSON as PM2 accepts it: comments, trailing commas, single quotes, unquoted keys. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
            .build();

    static final YAMLFactory YAML = new YAMLFactory();

    private static final int MAX_DEPTH = 64;

    private TreeReader() {
        /* no instances */
    }

    /** Reads one document; content after it is an error. */
    static Node read(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new IOException("the file is empty");
        }
        Node n = value(p, 0);
        if (p.nextToken() != null) {
            JsonLocation l = p.currentTokenLocation();
            throw new IOException(
                    "unexpected content after the end at line " + l.getLineNr() + ", column " + l.getColumnNr());
        }
        return n;
    }

    private static Node value(JsonParser p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonLocation at = p.currentTokenLocation();
        int line = Math.max(0, at.getLineNr());
        int col = Math.max(0, at.getColumnNr());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Node> fields = new LinkedHashMap<>();
                Map<String, int[]> positions = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonLocation k = p.currentTokenLocation();
                    if (fields.containsKey(key)) {
                        throw new IOException("key '" + key + "' appears twice (line " + k.getLineNr() + ")");
                    }
                    p.nextToken();
                    positions.put(key, new int[] {k.getLineNr(), k.getColumnNr()});
                    fields.put(key, value(p, depth + 1));
                }
                return new Node.Obj(fields, positions, line, col);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, depth + 1));
                }
                return new Node.Arr(items, line, col);
            }
            case VALUE_STRING -> {
                return new Node.Scalar(p.getText(), line, col);
            }
            case VALUE_NUMBER_INT -> {
                return new Node.Scalar(
                        p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? (Object) p.getText()
                                : (Object) p.getLongValue(),
                        line,
                        col);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new Node.Scalar(p.getDoubleValue(), line, col);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Node.Scalar(t == JsonToken.VALUE_TRUE, line, col);
            }
            case VALUE_NULL -> {
                return new Node.Scalar(null, line, col);
            }
            default -> throw new IOException("unexpected " + t + " at line " + line + ", column " + col);
        }
    }
}
