package io.drover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.api.AppMXBean;
import io.drover.api.DaemonMXBean;
import io.drover.api.ObjectNames;
import javax.management.JMX;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;

class ErrorsTests {
    @Test
    void findsTheDaemonsMessageInsideJmxWrappers() {
        Exception wrapped = new RuntimeMBeanException(
                new IllegalArgumentException("no app, id or namespace named 'x'; 'drover ls' lists them"), "boom");
        assertEquals("no app, id or namespace named 'x'; 'drover ls' lists them", Errors.message(wrapped));
        Exception declared = new MBeanException(new IllegalStateException("busy\nsecond line"));
        assertEquals("busy", Errors.message(declared));
    }

    @Test
    void securityRefusalsKeepTheirMessage() {
        assertEquals("access denied", Errors.message(new SecurityException("access denied")));
    }

    /** An app bean as a daemon from before {@code startOrRestart} served it. */
    public interface OlderAppMXBean {
        String getName();
    }

    @Test
    void anOperationAnOlderDaemonLacksSaysToStopThatDaemon() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        ObjectName name = new ObjectName("io.drover:type=App,name=web");
        server.registerMBean((OlderAppMXBean) () -> "web", name);
        AppMXBean app = JMX.newMXBeanProxy(server, name, AppMXBean.class);
        RuntimeException e = assertThrows(RuntimeException.class, app::startOrRestart);
        assertEquals(
                "the daemon has no operation startOrRestart(): it was started before an upgrade; stop it with"
                        + " 'drover kill', then run the command again",
                Errors.message(e));
    }

    /** The daemon's bean as a daemon from before {@code ProcessSamples} served it. */
    public interface OlderDaemonMXBean {
        String getVersion();
    }

    @Test
    void anAttributeAnOlderDaemonLacksSaysToStopThatDaemon() throws Exception {
        MBeanServer server = MBeanServerFactory.newMBeanServer();
        server.registerMBean((OlderDaemonMXBean) () -> "0.0.9", ObjectNames.daemon());
        DaemonMXBean daemon = JMX.newMXBeanProxy(server, ObjectNames.daemon(), DaemonMXBean.class);
        RuntimeException e = assertThrows(RuntimeException.class, daemon::getProcessSamples);
        assertEquals(
                "the daemon has no attribute ProcessSamples: it was started before an upgrade; stop it with"
                        + " 'drover kill', then run the command again",
                Errors.message(e));
    }
}
