package io.drover.daemon.os.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The steps a path resolves through, links followed one at a time as the kernel follows them. */
class PathWalkTests {
    @TempDir
    Path dir;

    private static List<Path> paths(List<PathWalk.Step> steps) {
        return steps.stream().map(PathWalk.Step::path).toList();
    }

    @Test
    void aLinkMetHalfWayBringsItsFolderAndItsTargetsFoldersInOrder() throws IOException {
        Path release = Files.createDirectories(dir.resolve("releases/42"));
        Path file = Files.writeString(release.resolve("app.yaml"), "apps: []\n");
        Path deploy = Files.createDirectories(dir.resolve("deploy"));
        Files.createSymbolicLink(deploy.resolve("current"), Path.of("../releases/42"));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path entry = Files.createSymbolicLink(etc.resolve("app.yaml"), deploy.resolve("current/app.yaml"));

        List<Path> above = new ArrayList<>(); // dir and the folders above it, / first
        for (Path p = dir; p != null; p = p.getParent()) {
            above.add(0, p);
        }
        List<Path> expected = new ArrayList<>(above);
        expected.addAll(List.of(etc, entry)); // the link, in etc; its target is absolute: from / again
        expected.addAll(above.subList(1, above.size()));
        expected.addAll(List.of(
                deploy,
                deploy.resolve("current"), // the link half way, in deploy: neither the given path nor the real one
                dir.resolve("releases"),
                release,
                file));
        List<Path> steps = paths(PathWalk.of(entry));
        assertEquals(expected, steps);
        assertTrue(steps.contains(deploy.resolve("current")), "the folder holding the link half way is walked");
    }

    @Test
    void aLinkItselfIsNeverWritableByOthersButAFolderOthersMayWriteIs() throws IOException {
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setAttribute(open, "unix:mode", 0777);
        Path sticky = Files.createDirectories(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path link = Files.createSymbolicLink(dir.resolve("link"), open);
        Path file = Files.writeString(dir.resolve("f"), "");
        Files.setAttribute(file, "unix:mode", 01666);
        List<PathWalk.Step> steps = PathWalk.of(link);
        assertFalse(steps.get(steps.size() - 2).writableByOthers(), "a link's mode means nothing");
        assertTrue(steps.get(steps.size() - 1).writableByOthers(), "the folder it leads to is 0777");
        List<PathWalk.Step> inSticky = PathWalk.of(sticky);
        assertFalse(inSticky.get(inSticky.size() - 1).writableByOthers(), "only an entry's owner renames it there");
        List<PathWalk.Step> stickyFile = PathWalk.of(file);
        assertTrue(stickyFile.get(stickyFile.size() - 1).writableByOthers(), "on a file the sticky bit means nothing");
    }

    @Test
    void linksInALoopAreOneError() throws IOException {
        Files.createSymbolicLink(dir.resolve("a"), dir.resolve("b"));
        Files.createSymbolicLink(dir.resolve("b"), dir.resolve("a"));
        IOException e = assertThrows(IOException.class, () -> PathWalk.of(dir.resolve("a")));
        assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
    }
}
