package io.drover.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.drover.api.open.OpenComposite;
import java.lang.management.ManagementFactory;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.TreeMap;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.TabularDataSupport;
import javax.management.openmbean.TabularType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstanceViewTests {
    public interface ViewsMXBean {
        InstanceView getView();
    }

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final ObjectName name = ObjectName.getInstance("io.drover.test:type=Views");

    InstanceViewTests() throws Exception {}

    @AfterEach
    void unregister() throws Exception {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
    }

    /** The open data the JDK's MXBean mapping makes of a record, by its components: the reference. */
    private static CompositeData byReflection(InstanceView v, CompositeType type) throws Exception {
        RecordComponent[] components = InstanceView.class.getRecordComponents();
        String[] names = new String[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            Object value = components[i].getAccessor().invoke(v);
            if (value instanceof Map<?, ?> map) {
                TabularType t = (TabularType) type.getType(names[i]);
                TabularDataSupport table = new TabularDataSupport(t);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    table.put(new CompositeDataSupport(
                            t.getRowType(), new String[] {"key", "value"}, new Object[] {e.getKey(), e.getValue()}));
                }
                value = table;
            }
            values[i] = value;
        }
        return new CompositeDataSupport(type, names, values);
    }

    @Test
    void itsOwnOpenDataIsWhatTheMxBeanMappingMakesOfEveryComponent() throws Exception {
        for (Map<String, Double> metrics : java.util.List.<Map<String, Double>>of(
                Map.of(), new TreeMap<>(Map.of("queue", 12.0, "latency_ms", 3.5)))) {
            InstanceView v = InstanceViews.sample(metrics);
            server.registerMBean((ViewsMXBean) () -> v, name);
            CompositeData sent = (CompositeData) server.getAttribute(name, "View");
            assertInstanceOf(OpenComposite.class, sent, "made by the view, not by reflection");
            CompositeData reference = byReflection(v, sent.getCompositeType());
            assertEquals(reference, sent);
            assertEquals(sent, reference);
            assertEquals(reference.hashCode(), sent.hashCode());
            // and a client's proxy makes the same record of it
            assertEquals(v, JMX.newMXBeanProxy(server, name, ViewsMXBean.class).getView());
            server.unregisterMBean(name);
        }
    }
}
