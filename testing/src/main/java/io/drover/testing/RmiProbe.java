package io.drover.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.Remote;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.UnicastRemoteObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.management.remote.JMXConnector;
import javax.management.remote.rmi.RMIConnector;
import javax.management.remote.rmi.RMIServer;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * A JMX and RMI client for attack and TLS tests, run in a JVM of its own (as another user through
 * {@link OtherUser}, or with its own trust and key stores): one line of output per result. It is a single
 * class on purpose: its class file alone is copied where another user can run it.
 *
 * <ul>
 *   <li>{@code list|rebind|unbind <host> <port>}: asks the registry; {@code rebind} offers a stub of its own
 *   <li>{@code flood <host> <port> <n>}: opens n connections, prints {@code open <n>}, holds them until stdin
 *       closes
 *   <li>{@code jmx <host> <port> <plain|tls> <user> <passwordFile>}: connects, prints {@code connected <beans>}
 *   <li>{@code logins <host> <port> <user> <password> <n>}: n logins at once, prints {@code refused <k> in <ms>
 *       ms}
 * </ul>
 *
 * Failures print {@code refused: <exception>}.
 */
public final class RmiProbe implements Remote {
    private RmiProbe() {}

    public static void main(String[] args) throws Exception {
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        try {
            switch (args[0]) {
                case "list" ->
                    System.out.println("names "
                            + Arrays.toString(registry(host, port, false).list()));
                case "rebind" -> {
                    Remote own = UnicastRemoteObject.exportObject(new RmiProbe(), 0);
                    registry(host, port, false).rebind("jmxrmi", own);
                    System.out.println("rebound");
                }
                case "unbind" -> {
                    registry(host, port, false).unbind("jmxrmi");
                    System.out.println("unbound");
                }
                case "flood" -> flood(host, port, Integer.parseInt(args[3]));
                case "jmx" -> {
                    String password = Files.readString(Path.of(args[5])).trim();
                    try (JMXConnector c = connect(host, port, args[3].equals("tls"), args[4], password)) {
                        System.out.println(
                                "connected " + c.getMBeanServerConnection().getMBeanCount());
                    }
                }
                case "logins" -> logins(host, port, args[3], args[4], Integer.parseInt(args[5]));
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        } catch (Exception e) {
            System.out.println("refused: " + e.toString().replace('\n', ' '));
        }
        System.out.flush();
        System.exit(0);
    }

    private static Registry registry(String host, int port, boolean tls) throws IOException {
        return tls
                ? LocateRegistry.getRegistry(host, port, new SslRMIClientSocketFactory())
                : LocateRegistry.getRegistry(host, port);
    }

    private static JMXConnector connect(String host, int port, boolean tls, String user, String password)
            throws Exception {
        Map<String, Object> env = Map.of(JMXConnector.CREDENTIALS, new String[] {user, password});
        RMIConnector c = new RMIConnector((RMIServer) registry(host, port, tls).lookup("jmxrmi"), env);
        c.connect(env);
        return c;
    }

    private static void flood(String host, int port, int n) throws IOException {
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            s.connect(new InetSocketAddress(host, port), 10_000);
            open.add(s);
        }
        System.out.println("open " + open.size());
        System.out.flush();
        while (System.in.read() >= 0) {
            // held until the test closes our stdin
        }
    }

    private static void logins(String host, int port, String user, String password, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long start = System.nanoTime();
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tries.add(pool.submit(() -> {
                try (JMXConnector c = connect(host, port, false, user, password)) {
                    return false;
                } catch (SecurityException e) {
                    return true;
                }
            }));
        }
        int refused = 0;
        for (Future<Boolean> f : tries) {
            refused += f.get() ? 1 : 0;
        }
        System.out.println("refused " + refused + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        pool.shutdown();
    }
}
