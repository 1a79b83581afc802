package io.drover.cli.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The daemon's connection file ({@code $DROVER_HOME/jmx.json}).
 *
 * @param url the JMX service URL
 * @param user the control user
 * @param passwordFile the file holding that user's password
 * @param pid the daemon's pid
 */
public record Endpoint(String url, String user, Path passwordFile, long pid) {

    public static Endpoint read(Path file) throws IOException {
        String url = null;
        String user = null;
        String pw = null;
        long pid = 0;
        try (JsonParser p = new JsonFactory().createParser(Files.readAllBytes(file))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(file + " is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "url" -> url = p.getText();
                    case "user" -> user = p.getText();
                    case "passwordFile" -> pw = p.getText();
                    case "pid" -> pid = p.getLongValue();
                    default -> p.skipChildren();
                }
            }
        }
        if (url == null || user == null || pw == null) {
            throw new IOException(file + " lacks url, user or passwordFile");
        }
        return new Endpoint(url, user, Path.of(pw), pid);
    }

    public String password() throws IOException {
        return Files.readString(passwordFile).trim();
    }
}
