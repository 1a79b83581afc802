package io.drover.daemon.os.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Everything the kernel passes through to open a path: {@code /}, every folder on the way and every symbolic
 * link met, followed one link at a time as path resolution does, each with its owner and mode as {@code lstat}
 * reads them. Whoever may change any of them may change what the path opens (rename a folder, replace a link),
 * so a daemon that acts on a file as root asks who they are. The path as given and its real path are not
 * enough: a link met half way lives in a folder on neither ({@code /etc/app.yaml} to {@code
 * /home/deploy/current/app.yaml}, {@code current} a link in deploy's folder to a root-owned release).
 */
public final class PathWalk {
    /** As the kernel's {@code MAXSYMLINKS}. */
    private static final int MAX_LINKS = 40;

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    private static final int S_ISVTX = 01000;
    private static final int GROUP_OR_OTHERS_WRITE = 0022;

    private PathWalk() {
        /* no instances */
    }

    /** One thing passed through: a folder, a link, or the file at the end. */
    public record Step(Path path, int uid, int mode) {
        public boolean directory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        public boolean link() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        /**
         * Whether users other than its owner may change it: its group or others may write it. A link's own mode
         * means nothing (only who may write its folder may replace it), and in a sticky folder, as {@code /tmp},
         * only an entry's owner may rename or remove it.
         */
        public boolean writableByOthers() {
            return !link() && (mode & GROUP_OR_OTHERS_WRITE) != 0 && !(directory() && (mode & S_ISVTX) != 0);
        }
    }

    /**
     * Every step to {@code path}, in the order they are passed through, the file last.
     *
     * @throws IOException when a step cannot be read, or more than 40 links are met
     */
    public static List<Step> of(Path path) throws IOException {
        Path root = path.toAbsolutePath().getRoot();
        List<Step> steps = new ArrayList<>(List.of(step(root)));
        Deque<String> todo = new ArrayDeque<>();
        names(path.toAbsolutePath(), todo, false);
        Path at = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                at = at.getParent() == null ? root : at.getParent();
                continue;
            }
            Path next = at.resolve(name);
            Step s = step(next);
            steps.add(s);
            if (!s.link()) {
                at = next;
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new FileSystemException(path.toString(), null, "too many levels of symbolic links");
            }
            Path target = Files.readSymbolicLink(next);
            names(target, todo, true);
            if (target.isAbsolute()) {
                at = root;
            }
        }
        return steps;
    }

    /** The names of {@code p}, in order, added at the front of {@code todo} or at its end. */
    private static void names(Path p, Deque<String> todo, boolean first) {
        List<String> names = new ArrayList<>();
        p.forEach(n -> names.add(n.toString()));
        if (first) {
            for (int i = names.size() - 1; i >= 0; i--) {
                todo.addFirst(names.get(i));
            }
        } else {
            todo.addAll(names);
        }
    }

    private static Step step(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
        return new Step(p, (Integer) a.get("uid"), (Integer) a.get("mode"));
    }
}
