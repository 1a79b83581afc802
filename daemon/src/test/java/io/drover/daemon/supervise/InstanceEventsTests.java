package io.drover.daemon.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceEventsTests {

    @Test
    void notifyMessagesAreReadAsKeyValueLinesInOrderSkippingTheRest() {
        assertEquals(
                List.of(Map.entry("STATUS", "a=b"), Map.entry("READY", "1")),
                InstanceEvents.fields("STATUS=a=b\nnonsense\n=x\nREADY=1"));
    }
}
