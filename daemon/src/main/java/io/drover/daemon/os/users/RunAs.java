package io.drover.daemon.os.users;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The account an app runs as, resolved once when the app is defined: what the spawner switches to and
 * what files made for the app are given to.
 *
 * @param uid the user id
 * @param gid the primary group id
 * @param groups the supplementary groups, as {@code initgroups(3)} sets them for the user and {@code gid};
 *     empty for a number without a {@code passwd} entry
 * @param user the user's name, or its number when it has no {@code passwd} entry
 * @param group the group's name, or its number when it has no {@code group} entry
 * @param home the user's home directory, {@code /} without a {@code passwd} entry
 */
public record RunAs(long uid, long gid, List<Long> groups, String user, String group, Path home) {
    public RunAs {
        groups = List.copyOf(groups);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(home, "home");
    }

    /**
     * {@code HOME}, {@code USER} and {@code LOGNAME} of the user, as {@code su} and systemd's {@code User=}
     * set them and PM2 sets {@code HOME}: they replace the caller's, which name another account.
     */
    public Map<String, String> environment() {
        return Map.of("HOME", home.toString(), "USER", user, "LOGNAME", user);
    }

    /** {@code www-data (33)}, or {@code 1234} for a number without a name. */
    public String userText() {
        return named(user, uid);
    }

    /** {@code www-data (33)}, or {@code 1234} for a number without a name. */
    public String groupText() {
        return named(group, gid);
    }

    /** The supplementary groups, {@code 33,4}. */
    public String groupsText() {
        return groups.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * Gives a file or socket the daemon made for the app to its user and group, so both the app and root can
     * use it. A symbolic link put in its place is changed itself, never what it points to.
     */
    public void chown(Path file) throws IOException {
        Files.setAttribute(file, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
    }

    private static String named(String name, long id) {
        return name.equals(Long.toString(id)) ? name : name + " (" + id + ")";
    }

    @Override
    public String toString() {
        return user;
    }
}
