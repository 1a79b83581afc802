package io.drover.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.WarnStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusProblemsTests {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aFileAppenderThatCannotOpenItsFileIsOneErrorLine(@TempDir Path dir) throws Exception {
        Path plainFile = Files.writeString(dir.resolve("plain"), "not a directory");
        LoggerContext context = new LoggerContext();
        StatusProblems.printTo(out, context);
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("FILE");
        file.setFile(plainFile.resolve("droverd.log").toString());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        file.setEncoder(encoder);
        file.start();
        String[] lines = printed().split("\n");
        assertTrue(lines.length >= 1 && lines[0].startsWith("logback: error: "), printed());
        assertTrue(printed().contains("droverd.log"), printed());
    }

    @Test
    void problemsReportedBeforeItIsSetArePrintedAndInformationIsNot() {
        LoggerContext context = new LoggerContext();
        context.getStatusManager().add(new WarnStatus("an early warning", this));
        context.getStatusManager().add(new InfoStatus("just so you know", this));
        StatusProblems.printTo(out, context);
        context.getStatusManager().add(new InfoStatus("still fine", this));
        context.getStatusManager().add(new WarnStatus("a late warning", this, new IllegalStateException("why")));
        assertEquals(
                "logback: warning: an early warning\n"
                        + "logback: warning: a late warning (java.lang.IllegalStateException: why)\n",
                printed().replace(System.lineSeparator(), "\n"));
    }
}
