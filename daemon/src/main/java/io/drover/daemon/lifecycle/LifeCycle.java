package io.drover.daemon.lifecycle;

/**
 * A part of the daemon that is started once and stopped once. {@link #start()} either leaves it started or
 * throws, having released what it took itself; {@link #stop()} is called only on a started part and must not
 * throw for an ordinary failure to release something (it logs it).
 */
public interface LifeCycle {
    /** Where a part is; the moves are STOPPED → STARTING → STARTED | FAILED, STARTED → STOPPING → STOPPED. */
    enum State {
        STOPPED,
        STARTING,
        STARTED,
        STOPPING,
        FAILED
    }

    /** What a part does to start; may fail with any exception. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** A short name for logs and errors. */
    String name();

    State state();

    /** @throws IllegalStateException when the part is not stopped */
    void start() throws Exception;

    void stop();

    /** A part made of a start step and a stop step. */
    static LifeCycle of(String name, Step start, Runnable stop) {
        return new AbstractLifeCycle() {
            @Override
            public String name() {
                return name;
            }

            @Override
            protected void doStart() throws Exception {
                start.run();
            }

            @Override
            protected void doStop() {
                stop.run();
            }
        };
    }
}
