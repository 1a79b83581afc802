package io.drover.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.drover.api.InstanceView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortingTests {
    private static InstanceView p(int id, String app, int index, long memory) {
        return new InstanceView(
                id, app, "default", index, "fork", 100 + id, "online", 0, 0, 0, 0, 0, memory, "root", 0, 0, "", "", "",
                0, "", "", "", "", Map.of());
    }

    private static final List<InstanceView> PROCESSES =
            List.of(p(0, "web", 0, 300), p(1, "api", 0, 100), p(2, "web", 1, 300), p(3, "cron", 0, 200));

    private static List<Integer> ids(List<InstanceView> l) {
        return l.stream().map(InstanceView::id).toList();
    }

    @Test
    void byNameAscendingAndDescendingWithAnAppsInstancesInOrderOfId() {
        assertEquals(List.of(1, 3, 0, 2), ids(Sorting.sort(PROCESSES, "name")));
        assertEquals(List.of(0, 2, 3, 1), ids(Sorting.sort(PROCESSES, "name:desc")));
    }

    @Test
    void withoutSortTheOrderIsPm2sByNameThenId() {
        List<InstanceView> scaled = List.of(p(0, "web", 1, 0), p(1, "api", 0, 0), p(2, "web", 0, 0));
        assertEquals(List.of(1, 0, 2), ids(Sorting.byDefault(scaled)));
        assertEquals(List.of(1, 3, 0, 2), ids(Sorting.byDefault(PROCESSES)));
    }

    @Test
    void uptimeSortsByStartTimeAsPm2sPmUptimeDoesSoAscendingListsTheLongestRunningFirst() {
        long now = 1_800_000_000_000L;
        List<InstanceView> started = List.of(
                running(0, now - 5_000, 5_000), running(1, now - 60_000, 60_000), running(2, now - 1_000, 1_000));
        assertEquals(List.of(1, 0, 2), ids(Sorting.sort(started, "uptime")));
        assertEquals(List.of(2, 0, 1), ids(Sorting.sort(started, "uptime:desc")));
    }

    private static InstanceView running(int id, long startedAt, long uptime) {
        return new InstanceView(
                id, "web", "default", id, "fork", 100 + id, "online", startedAt, uptime, 0, 0, 0, 0, "root", 0, 0, "",
                "", "", 0, "", "", "", "", Map.of());
    }

    @Test
    void idSortsDescendingToo() {
        assertEquals(List.of(3, 2, 1, 0), ids(Sorting.sort(PROCESSES, "id:desc")));
    }

    @Test
    void tiesKeepTheirOrderById() {
        assertEquals(List.of(0, 2, 3, 1), ids(Sorting.sort(PROCESSES, "memory:desc")));
        assertEquals(List.of(1, 3, 0, 2), ids(Sorting.sort(PROCESSES, "MEMORY:asc")));
    }

    @Test
    void anUnknownFieldOrDirectionIsOneLineNamingWhatIsAccepted() {
        assertEquals(
                "cannot sort by 'colour'; give one of cpu, id, memory, name, namespace, pid, restarts, status,"
                        + " uptime, with :asc or :desc",
                assertThrows(IllegalArgumentException.class, () -> Sorting.sort(PROCESSES, "colour"))
                        .getMessage());
        assertEquals(
                "cannot sort 'name' in direction 'up'; give :asc or :desc",
                assertThrows(IllegalArgumentException.class, () -> Sorting.sort(PROCESSES, "name:up"))
                        .getMessage());
    }
}
