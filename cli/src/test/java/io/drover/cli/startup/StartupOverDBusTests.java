package io.drover.cli.startup;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.drover.cli.systemd.Systemd;
import io.drover.cli.systemd.SystemdException;
import io.drover.cli.systemd.SystemdManager;
import io.drover.cli.systemd.SystemdManager.JobRemoved;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.AccessDenied;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBusSigHandler;
import org.freedesktop.dbus.types.UInt32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * {@code drover startup}'s error paths against systemd's manager interface, which we do not own: what
 * systemd answers is stubbed, what Drover asks of it is verified. A real systemd runs these paths too, in
 * {@code tests/.../systemd}, where it can boot.
 */
class StartupOverDBusTests {
    private static final String UNIT = "drover-mock.service";
    private static final DBusPath JOB = new DBusPath("/org/freedesktop/systemd1/job/7");

    @TempDir
    Path dir;

    private final DBusConnection bus = mock(DBusConnection.class);
    private final SystemdManager manager = mock(SystemdManager.class);
    private final StringWriter printed = new StringWriter();
    private Startup startup;
    private ServiceUnit service;

    @BeforeEach
    void connect() throws Exception {
        when(bus.getRemoteObject(SystemdManager.BUS_NAME, SystemdManager.OBJECT_PATH, SystemdManager.class))
                .thenReturn(manager);
        startup = new Startup(Systemd.over(bus), dir.resolve("units"), new PrintWriter(printed, true));
        service = new ServiceUnit(UNIT, null, dir.resolve("home"), Path.of("/opt/drover/droverd"));
    }

    /**
     * An error reply as dbus-java 5 delivers it: a class of its own for the bus's standard errors
     * ({@code org.freedesktop.DBus.Error.AccessDenied}), else the message alone.
     */
    private static DBusExecutionException error(String message) {
        return new DBusExecutionException(message);
    }

    private void enables() {
        when(manager.enableUnitFiles(List.of(UNIT), false, true))
                .thenReturn(new SystemdManager.EnableResult(
                        true,
                        List.of(new SystemdManager.UnitFileChange(
                                "symlink",
                                "/etc/systemd/system/multi-user.target.wants/" + UNIT,
                                "/etc/systemd/system/" + UNIT))));
    }

    private static JobRemoved removed(String result) throws DBusException {
        return new JobRemoved(SystemdManager.OBJECT_PATH, new UInt32(7), JOB, UNIT, result);
    }

    @Test
    void aRefusalByPolkitIsOneLineSayingToRunAsRootAndNothingGoesFurther() throws Exception {
        // org.freedesktop.DBus.Error.InteractiveAuthorizationRequired: no class of its own in dbus-java
        doThrow(error("Interactive authentication required.")).when(manager).reload();
        SystemdException e = assertThrows(SystemdException.class, () -> startup.install(service, List.of(), true));
        assertEquals(
                "systemd refused to reload the unit files for this user (polkit): run the command as root, e.g. with"
                        + " sudo",
                e.getMessage());
        verify(manager, never()).enableUnitFiles(anyList(), anyBoolean(), anyBoolean());
        verify(manager, never()).startUnit(anyString(), anyString());

        doThrow(new AccessDenied("Access denied")).when(manager).reload();
        assertEquals(
                "systemd refused to reload the unit files for this user (polkit): run the command as root, e.g. with"
                        + " sudo",
                assertThrows(SystemdException.class, () -> startup.install(service, List.of(), false))
                        .getMessage());
    }

    @Test
    void anyOtherErrorOfSystemdIsItsFirstLineAfterWhatWasAsked() throws Exception {
        when(manager.enableUnitFiles(List.of(UNIT), false, true))
                .thenThrow(error("Unit file is masked.\nsee systemctl status"));
        SystemdException e = assertThrows(SystemdException.class, () -> startup.install(service, List.of(), true));
        assertEquals("systemd could not enable " + UNIT + ": Unit file is masked.", e.getMessage());
        assertTrue(Files.exists(dir.resolve("units").resolve(UNIT)), "the unit file is written before enabling");
    }

    @Test
    void aJobThatFailsIsNamedWithItsResultWhenTheSignalComesAfterTheReply() throws Exception {
        enables();
        when(manager.startUnit(UNIT, "replace")).thenReturn(JOB);
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread installing = new Thread(() -> {
            try {
                startup.install(service, List.of(), true);
                done.complete(null);
            } catch (Exception | AssertionError e) {
                done.completeExceptionally(e);
            }
        });
        installing.start();
        @SuppressWarnings("unchecked")
        ArgumentCaptor<DBusSigHandler<JobRemoved>> handler = ArgumentCaptor.forClass(DBusSigHandler.class);
        verify(bus, timeout(5000)).addSigHandler(eq(JobRemoved.class), handler.capture());
        verify(manager, timeout(5000)).startUnit(UNIT, "replace");
        // the reply is in: the only timed wait left on that thread is for the job's end
        await().atMost(Duration.ofSeconds(5)).until(() -> installing.getState() == Thread.State.TIMED_WAITING);

        handler.getValue().handle(removed("failed"));

        Throwable e = assertThrows(Exception.class, () -> done.get(5, TimeUnit.SECONDS))
                .getCause();
        assertEquals(SystemdException.class, e.getClass());
        assertEquals(UNIT + " did not start (job failed); see 'journalctl -u " + UNIT + "'", e.getMessage());
        // listening before asking, so the job's end cannot be missed
        InOrder order = inOrder(bus, manager);
        order.verify(bus).addSigHandler(eq(JobRemoved.class), any());
        order.verify(manager).subscribe();
        order.verify(manager).startUnit(UNIT, "replace");
        assertFalse(printed.toString().contains("started " + UNIT), printed.toString());
    }

    @Test
    void aJobWhoseEndIsSignalledBeforeTheReplyIsStillSeenToEnd() throws Exception {
        enables();
        AtomicReference<DBusSigHandler<JobRemoved>> handler = new AtomicReference<>();
        when(bus.addSigHandler(eq(JobRemoved.class), any())).thenAnswer(call -> {
            handler.set(call.getArgument(1));
            return null;
        });
        when(manager.startUnit(UNIT, "replace")).thenAnswer(call -> {
            handler.get().handle(removed("done")); // systemd finished the job before its reply reached us
            return JOB;
        });

        startup.install(service, List.of(), true);

        assertTrue(
                printed.toString().contains("Created symlink /etc/systemd/system/multi-user.target.wants/" + UNIT),
                printed.toString());
        assertTrue(printed.toString().contains("[drover] started " + UNIT + "\n"), printed.toString());
    }

    @Test
    void removingWhatWasNeverInstalledAsksSystemdToChangeNothing() throws Exception {
        when(manager.getUnitFileState(UNIT)).thenThrow(error("No such file or directory"));

        assertFalse(startup.remove(UNIT, true));

        verify(manager, never()).stopUnit(anyString(), anyString());
        verify(manager, never()).disableUnitFiles(anyList(), anyBoolean());
        verify(manager, never()).reload();
    }
}
