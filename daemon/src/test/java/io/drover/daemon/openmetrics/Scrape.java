package io.drover.daemon.openmetrics;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a local user does to the endpoint, run as another uid: reads the token file if it can, then scrapes with
 * it (or without). Prints {@code token unreadable} or {@code token read}, then {@code status <code>}.
 */
public final class Scrape {
    private Scrape() {
        /* no instances */
    }

    public static void main(String[] args) throws IOException {
        String token = null;
        try {
            token = Files.readString(Path.of(args[1])).strip();
            System.out.println("token read");
        } catch (IOException e) {
            System.out.println("token unreadable");
        }
        HttpURLConnection c = (HttpURLConnection) new URL(args[0]).openConnection();
        if (token != null) {
            c.setRequestProperty("Authorization", "Bearer " + token);
        }
        System.out.println("status " + c.getResponseCode());
    }
}
