package io.drover.tests.systemd;

import static org.awaitility.Awaitility.await;

import io.drover.testing.Needs;
import io.drover.tests.BoundedRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real systemd, booted as PID 1 of a throwaway container whose root is an overlay of the host's (the
 * host's JDK and this checkout's jars are visible; every write lands on a tmpfs and vanishes). Needs
 * root, {@code systemd-nspawn} (Debian's {@code systemd-container}) and overlayfs; {@link #unavailable()} says
 * which is missing. Every mount and process is removed in {@link #close()}; paths and names are unique per container.
 * Never boot systemd with a bare {@code unshare}: its tmpfiles service would empty the host's /tmp.
 */
public final class SystemdContainer implements AutoCloseable {
    /** What a command run inside printed and returned. */
    public record Result(int exit, String out) {}

    private final Path base;
    private final Path root;
    private final String machine;
    private final boolean mountedNspawnRun;
    private List<String> command;
    private Process nspawn;
    private long pid1;

    /**
     * Why no container can run on this machine, or null when one can: not root, systemd-nspawn or systemd
     * not installed, no overlayfs. Anything else that keeps one from booting is a failure, not a reason.
     */
    public static String unavailable() {
        if (!Needs.isRoot()) {
            return "booting systemd in a container needs root (CI runs as root)";
        }
        if (!Needs.onPath("systemd-nspawn")) {
            return "systemd-nspawn is not installed (apt-get install systemd-container)";
        }
        if (!Files.isExecutable(Path.of("/lib/systemd/systemd"))) {
            return "systemd is not installed (apt-get install systemd)";
        }
        if (!overlayfs()) {
            return "the kernel has no overlayfs (not in /proc/filesystems, and 'modprobe overlay' failed)";
        }
        return null;
    }

    /** Whether the kernel mounts overlayfs, loading its module when it is one not loaded yet. */
    private static boolean overlayfs() {
        return listed("overlay") || quiet("modprobe", "overlay") == 0 && listed("overlay");
    }

    private static boolean listed(String fs) {
        try {
            return Files.readAllLines(Path.of("/proc/filesystems")).stream().anyMatch(l -> l.endsWith("\t" + fs));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @param visible host directories the container must see (read-only), each at the path it maps to,
     *     e.g. the checkout at {@code /opt/drover}: the overlay covers the host's root file system only,
     *     not what is mounted on it, and the container has a /tmp of its own
     */
    public SystemdContainer(Map<Path, String> visible) throws Exception {
        String id = HexFormat.of().formatHex(randomBytes(6));
        base = Path.of("/mnt/drover-sbx-" + id);
        root = base.resolve("root");
        machine = "drover-" + id;
        boolean ok = false;
        boolean nspawnRun = false;
        try {
            Files.createDirectories(base);
            run("mount", "-t", "tmpfs", "tmpfs", base.toString());
            for (String d : List.of("upper", "work", "root")) {
                Files.createDirectories(base.resolve(d));
            }
            run(
                    "mount",
                    "-t",
                    "overlay",
                    "overlay",
                    "-o",
                    "lowerdir=/,upperdir=" + base.resolve("upper") + ",workdir=" + base.resolve("work"),
                    root.toString());
            Path nspawnDir = Path.of("/run/systemd/nspawn");
            Files.createDirectories(nspawnDir);
            if (quiet("mountpoint", "-q", nspawnDir.toString()) != 0) {
                run("mount", "-t", "tmpfs", "tmpfs", nspawnDir.toString());
                nspawnRun = true;
            }
            Files.writeString(root.resolve("etc/machine-id"), HexFormat.of().formatHex(randomBytes(16)) + "\n");
            List<String> cmd = new ArrayList<>(List.of(
                    "systemd-nspawn",
                    "-D",
                    root.toString(),
                    "--register=no",
                    "--keep-unit",
                    "--link-journal=no",
                    "-M",
                    machine));
            visible.forEach((host, inside) ->
                    cmd.add("--bind-ro=" + host.toAbsolutePath().normalize() + ":" + inside));
            cmd.addAll(List.of("-b", "--quiet"));
            this.command = List.copyOf(cmd);
            boot();
            ok = true;
        } finally {
            this.mountedNspawnRun = nspawnRun;
            if (!ok) {
                close();
            }
        }
    }

    /** Boots systemd and waits until the system is up. */
    private void boot() throws Exception {
        nspawn = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        base.resolve("console.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        pid1 = 0;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!nspawn.isAlive()) {
                        throw new IllegalStateException(
                                "systemd-nspawn ended: " + Files.readString(base.resolve("console.log")));
                    }
                    pid1 = nspawn.children().findFirst().map(ProcessHandle::pid).orElse(0L);
                    if (pid1 == 0) {
                        return false;
                    }
                    String state = exec("systemctl", "is-system-running").out().trim();
                    return state.equals("running") || state.equals("degraded");
                });
    }

    /**
     * Shuts the machine down as a reboot would (every service stopped by systemd, in order) and boots it
     * again over the same upper layer: what was written before, units enabled, saved files, is there.
     */
    public void reboot() throws Exception {
        nspawn.destroy(); // SIGTERM: systemd-nspawn has the container's systemd power off
        if (!nspawn.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the container did not shut down within 60 s");
        }
        boot();
    }

    /** The container's system bus, from the host: {@code unix:path=/proc/<pid 1>/root/run/dbus/system_bus_socket}. */
    public String systemBus() {
        return "unix:path=/proc/" + pid1 + "/root/run/dbus/system_bus_socket";
    }

    /** A file inside the container (its overlay), e.g. {@code etc/systemd/system/x.service}. */
    public Path path(String inside) {
        return root.resolve(inside.startsWith("/") ? inside.substring(1) : inside);
    }

    /** Runs a command inside the container, in all its namespaces. */
    public Result exec(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("nsenter", "-t", Long.toString(pid1), "-a"));
        cmd.addAll(List.of(command));
        BoundedRun.Output o = BoundedRun.run(new ProcessBuilder(cmd).redirectErrorStream(true), Duration.ofSeconds(60));
        return new Result(o.exit(), o.out());
    }

    /** A unit property through {@code systemctl show}. */
    public String property(String unit, String name) throws IOException, InterruptedException {
        return exec("systemctl", "show", "-p", name, "--value", unit).out().trim();
    }

    @Override
    public void close() {
        if (nspawn != null && nspawn.isAlive()) {
            nspawn.destroy(); // SIGTERM: systemd-nspawn shuts the container down
            try {
                if (!nspawn.waitFor(30, TimeUnit.SECONDS)) {
                    nspawn.destroyForcibly();
                    nspawn.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        quiet("umount", root.toString());
        quiet("umount", "-l", root.toString());
        quiet("umount", base.toString());
        quiet("umount", "-l", base.toString());
        if (mountedNspawnRun) {
            quiet("umount", "/run/systemd/nspawn");
        }
        try {
            Files.deleteIfExists(base);
        } catch (IOException ignored) {
            // a busy mount point: it holds nothing, the next run uses another name
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static void run(String... cmd) throws IOException, InterruptedException {
        BoundedRun.Output o = BoundedRun.run(new ProcessBuilder(cmd).redirectErrorStream(true), Duration.ofSeconds(60));
        if (o.exit() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + o.out().trim());
        }
    }

    private static int quiet(String... cmd) {
        try {
            return BoundedRun.run(new ProcessBuilder(cmd).redirectErrorStream(true), Duration.ofSeconds(60))
                    .exit();
        } catch (IOException | AssertionError e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
