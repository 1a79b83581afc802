package io.drover.daemon.os.users;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Resolves the {@code uid} and {@code gid} an app asks for into a {@link RunAs}, and says whether this
 * daemon may switch to it: root may run an app as anyone; any other daemon only as itself.
 */
public final class Accounts {
    private static final Path NO_HOME = Path.of("/");

    /** Who a daemon runs as. */
    public record Identity(long uid, long gid, String name) {
        public boolean root() {
            return uid == 0;
        }
    }

    private final Identity self;

    /** @param self who the daemon runs as (a seam: tests ask what a daemon of another user would answer) */
    public Accounts(Identity self) {
        this.self = self;
    }

    /** The accounts as this process sees them, for the user it runs as. */
    public static Accounts system() {
        long uid = Nss.getuid() & 0xffffffffL;
        long gid = Nss.getgid() & 0xffffffffL;
        String name = Nss.user(uid).map(Nss.User::name).orElse(Long.toString(uid));
        return new Accounts(new Identity(uid, gid, name));
    }

    public Identity self() {
        return self;
    }

    /**
     * The account to switch an app to.
     *
     * @param user a name or number, empty for none
     * @param group a name or number, empty for the user's primary group
     * @return empty when neither is given, or when they name the daemon's own user and group (nothing to
     *     switch)
     * @throws IllegalArgumentException {@code uid: ...} or {@code gid: ...}, naming the problem and the fix
     */
    public Optional<RunAs> resolve(String user, String group) {
        if (user.isEmpty()) {
            if (!group.isEmpty()) {
                throw new IllegalArgumentException("gid: give uid as well, the user the app runs as; a group"
                        + " alone would leave it running as " + self.name());
            }
            return Optional.empty();
        }
        Nss.User u = user(user);
        long gid = u.gid();
        String groupName = Nss.group(gid).map(Nss.Group::name).orElse(Long.toString(gid));
        if (!group.isEmpty()) {
            Nss.Group g = group(group);
            gid = g.gid();
            groupName = g.name();
        }
        boolean known = !u.name().equals(Long.toString(u.uid())); // a number without a passwd entry has no groups
        List<Long> groups = known ? Nss.groups(u.name(), gid) : List.of();
        RunAs runAs = new RunAs(u.uid(), gid, groups, u.name(), groupName, Path.of(u.home()));
        if (runAs.uid() == self.uid() && runAs.gid() == self.gid()) {
            return Optional.empty(); // the daemon's own account: nothing to switch
        }
        if (!self.root()) {
            boolean sameUser = runAs.uid() == self.uid();
            throw new IllegalArgumentException((sameUser ? "gid: group " + groupName : "uid: user " + u.name())
                    + " needs droverd running as root; this daemon runs as " + self.name()
                    + (sameUser ? " (group " + self.gid() + ")" : "")
                    + "; leave uid and gid out, or start the app with the system daemon (sudo drover start ...)");
        }
        return Optional.of(runAs);
    }

    /**
     * Checks that {@code text} names a user: a name known here, or any number.
     *
     * @throws IllegalArgumentException {@code uid: no user ...}
     */
    public static void checkUser(String text) {
        if (!text.isEmpty()) {
            user(text);
        }
    }

    /**
     * Checks that {@code text} names a group: a name known here, or any number.
     *
     * @throws IllegalArgumentException {@code gid: no group ...}
     */
    public static void checkGroup(String text) {
        if (!text.isEmpty()) {
            group(text);
        }
    }

    /** The user {@code text} names: a name, or a number (with or without a {@code passwd} entry). */
    static Nss.User user(String text) {
        if (isNumber(text)) {
            long uid = Long.parseLong(text);
            return Nss.user(uid).orElse(new Nss.User(text, uid, uid, NO_HOME.toString()));
        }
        return Nss.user(text)
                .orElseThrow(() -> new IllegalArgumentException("uid: no user '" + text
                        + "' on this machine; check the name (getent passwd " + text + "), or give a number"));
    }

    /** The group {@code text} names: a name, or a number (with or without a {@code group} entry). */
    static Nss.Group group(String text) {
        if (isNumber(text)) {
            long gid = Long.parseLong(text);
            return Nss.group(gid).orElse(new Nss.Group(text, gid));
        }
        return Nss.group(text)
                .orElseThrow(() -> new IllegalArgumentException("gid: no group '" + text
                        + "' on this machine; check the name (getent group " + text + "), or give a number"));
    }

    /** The name of user {@code uid}, or the number itself when it has none. */
    public static String userName(long uid) {
        return Nss.user(uid).map(Nss.User::name).orElse(Long.toString(uid));
    }

    /** The name of group {@code gid}, or the number itself when it has none. */
    public static String groupName(long gid) {
        return Nss.group(gid).map(Nss.Group::name).orElse(Long.toString(gid));
    }

    /** The id of group {@code name}; empty when there is no such group. */
    public static OptionalInt groupId(String name) {
        return Nss.group(name).map(g -> OptionalInt.of((int) g.gid())).orElse(OptionalInt.empty());
    }

    private static boolean isNumber(String text) {
        return !text.isEmpty() && text.chars().allMatch(Character::isDigit);
    }
}
