package io.drover.daemon.lifecycle;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parts started in the order they were added and stopped in reverse. When one fails to start, those
 * already started are stopped in reverse and the failure is thrown: a start that fails halfway leaves
 * nothing running and touches nothing the failed part did not take (a second daemon refused the home's
 * lock never removes the live daemon's files).
 */
public abstract class ContainerLifeCycle extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerLifeCycle.class);

    private final List<LifeCycle> parts = new ArrayList<>();

    /** Adds a part; call before {@link #start()}. */
    protected final <T extends LifeCycle> T add(T part) {
        if (state() != State.STOPPED) {
            throw new IllegalStateException("cannot add " + part.name() + " to " + name() + ": it is " + state());
        }
        parts.add(part);
        return part;
    }

    /** The parts, in start order. */
    public final List<LifeCycle> parts() {
        return List.copyOf(parts);
    }

    @Override
    protected void doStart() throws Exception {
        List<LifeCycle> started = new ArrayList<>();
        for (LifeCycle part : parts) {
            try {
                part.start();
            } catch (Exception | Error e) {
                LOG.debug("{} failed to start: {}; stopping what started before it", part.name(), e.toString());
                stopInReverse(started);
                throw e;
            }
            started.add(part);
        }
    }

    @Override
    protected void doStop() {
        stopInReverse(parts);
    }

    private static void stopInReverse(List<LifeCycle> list) {
        for (int i = list.size() - 1; i >= 0; i--) {
            LifeCycle part = list.get(i);
            try {
                part.stop();
            } catch (RuntimeException e) {
                LOG.warn("{} did not stop cleanly: {}", part.name(), e.toString());
            }
        }
    }
}
