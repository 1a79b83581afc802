package io.drover.api.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;

/**
 * The line a user reads when file rights keep them from the daemon's socket, naming who may manage it
 * (the socket's owner and, when it grants its group, that group's members) and how to join them.
 */
final class Refusals {
    private Refusals() {
        /* no instances */
    }

    /** The socket exists but its rights refuse us. */
    static String closedSocket(Path socket) {
        return whoMay(socket) + " (" + socket + " refused " + me() + ")";
    }

    /** The daemon's home cannot even be searched by us. */
    static String closedHome(Path socket) {
        return whoMay(socket.getParent()) + " (" + socket.getParent() + " is closed to " + me() + ")";
    }

    private static String whoMay(Path file) {
        try {
            PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String owner = a.owner().getName();
            String group = a.group().getName();
            boolean groupMay = a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)
                            && a.permissions().contains(PosixFilePermission.GROUP_EXECUTE));
            if (groupMay && !group.equals("root")) {
                return "only root" + (owner.equals("root") ? "" : ", " + owner) + " and members of group '" + group
                        + "' may manage this daemon; ask an administrator: sudo usermod -aG " + group + " " + me();
            }
            return "only root" + (owner.equals("root") ? "" : " and " + owner)
                    + " may manage this daemon; run drover as " + owner;
        } catch (IOException e) {
            return "this daemon is managed by the user who owns " + file + " and by root; run drover as that user";
        }
    }

    private static String me() {
        return System.getProperty("user.name");
    }
}
