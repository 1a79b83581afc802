package io.drover.daemon.jmx;

import com.sun.jna.LastErrorException;
import io.drover.api.local.LocalWire;
import io.drover.daemon.config.DroverHome;
import io.drover.daemon.lifecycle.AbstractLifeCycle;
import io.drover.daemon.os.linux.Accounts;
import io.drover.daemon.os.linux.LibC;
import io.drover.daemon.socket.FdOutputStream;
import io.drover.daemon.socket.PeerCredentials;
import io.drover.daemon.socket.UnixListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.MBeanServer;
import javax.management.remote.MBeanServerForwarder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CLI's way in: a JMX connector on the unix socket {@code $DROVER_HOME/drover.sock}. The kernel says
 * who connected ({@code SO_PEERCRED}, {@code SO_PEERGROUPS}); {@link Managers} decides; everyone else
 * reads one line saying who may and is disconnected. No password is involved, so none is ever read or
 * sent. The socket is mode 0600, or 0660 with the manager group for a root daemon whose group exists
 * (the home then 0750 with that group, so members can reach it; else 0700).
 */
public final class LocalConnector extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(LocalConnector.class);
    /** Connections served at once; one thread each. */
    static final int MAX_CONNECTIONS = 64;

    private final JmxExporter exporter;
    private final DroverHome home;
    private final Map<String, String> env;
    private final int firstFrameMillis;
    private final Set<LocalSession> sessions = ConcurrentHashMap.newKeySet();
    private UnixListener listener;
    private Managers managers;
    private MBeanServerForwarder forwarder;
    private Thread acceptor;

    /** @param env the daemon's environment: {@code DROVER_GROUP} names the manager group of a root daemon */
    public LocalConnector(JmxExporter exporter, DroverHome home, Map<String, String> env) {
        this(exporter, home, env, LocalSession.FIRST_FRAME_MILLIS);
    }

    /** @param firstFrameMillis how long a new connection may wait before its first call */
    LocalConnector(JmxExporter exporter, DroverHome home, Map<String, String> env, int firstFrameMillis) {
        this.exporter = exporter;
        this.home = home;
        this.env = env;
        this.firstFrameMillis = firstFrameMillis;
    }

    @Override
    protected void doStart() throws IOException {
        int uid = LibC.geteuid();
        String group = env.getOrDefault("DROVER_GROUP", "").isBlank()
                ? Managers.DEFAULT_GROUP
                : env.get("DROVER_GROUP").trim();
        OptionalInt gid = uid == 0 ? Accounts.groupId(group) : OptionalInt.empty();
        managers = new Managers(uid, Accounts.userName(uid), group, gid);
        Path root = home.root();
        try {
            if (gid.isPresent()) {
                LibC.chown(root.toString(), -1, gid.getAsInt());
                LibC.chmod(root.toString(), 0750);
            } else {
                LibC.chmod(root.toString(), 0700);
            }
        } catch (LastErrorException e) {
            throw new IOException("cannot set the rights of " + root + ": " + LibC.describe(e.getErrorCode())
                    + "; the daemon's user must own its home");
        }
        forwarder = AccessControl.forwarder();
        forwarder.setMBeanServer(exporter.server());
        listener = UnixListener.open(
                root.resolve(LocalWire.SOCKET), gid.isPresent() ? 0660 : 0600, gid.orElse(-1), MAX_CONNECTIONS);
        acceptor = new Thread(this::acceptLoop, "drover-local-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.debug("managers: root, {}{}", managers.daemonUser(), gid.isPresent() ? ", group " + group : "");
    }

    /** The socket the CLI connects to; null before the start. */
    public Path socket() {
        return listener == null ? null : listener.path();
    }

    private void acceptLoop() {
        while (true) {
            int fd;
            try {
                fd = listener.accept();
            } catch (IOException e) {
                LOG.warn("local socket: {}", e.getMessage());
                pause(); // out of descriptors, say: connections ending will free some
                continue;
            }
            if (fd < 0) {
                return;
            }
            try {
                admit(fd);
            } catch (RuntimeException e) {
                LOG.warn("local connection dropped: {}", e.toString());
                LibC.closeQuietly(fd);
            }
        }
    }

    private void admit(int fd) {
        PeerCredentials peer;
        try {
            peer = PeerCredentials.of(fd);
        } catch (LastErrorException e) {
            LibC.closeQuietly(fd);
            return; // gone before we asked
        }
        String user = Accounts.userName(peer.uid());
        if (!managers.admits(peer)) {
            LOG.warn("local connection of {} (uid {}, pid {}) refused: not a manager", user, peer.uid(), peer.pid());
            refuse(fd, LocalWire.DENIED, managers.refusal(user));
            return;
        }
        if (sessions.size() >= MAX_CONNECTIONS) {
            LOG.warn(
                    "local connection of {} (uid {}) refused: {} connections open already",
                    user,
                    peer.uid(),
                    MAX_CONNECTIONS);
            refuse(
                    fd,
                    LocalWire.BUSY,
                    "the daemon serves " + MAX_CONNECTIONS
                            + " local connections already; try again when some have ended");
            return;
        }
        LocalSession[] self = new LocalSession[1];
        LocalSession s = new LocalSession(
                fd,
                firstFrameMillis,
                new Caller.Identity(user + "(uid " + peer.uid() + ")", Caller.Role.CONTROL),
                forwarder,
                () -> sessions.remove(self[0]));
        self[0] = s;
        sessions.add(s);
        Thread t = new Thread(s, "drover-local-" + user + "-" + peer.pid());
        t.setDaemon(true);
        t.start();
    }

    /** One frame with one line, then the connection closes; a fresh socket's buffer takes it without waiting. */
    private static void refuse(int fd, byte kind, String line) {
        try {
            new FdOutputStream(fd).write(LocalWire.encode(kind, 0, line));
        } catch (IOException e) {
            // the peer left already
        }
        LibC.closeQuietly(fd);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected void doStop() {
        listener.close();
        sessions.forEach(LocalSession::wake);
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connections being served now (for tests and the log). */
    int connections() {
        return sessions.size();
    }

    /** The server the sessions call, with access control in front. */
    MBeanServer server() {
        return forwarder;
    }
}
