package io.drover.api.open;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.api.InstanceView;
import io.drover.api.InstanceViews;
import java.io.InvalidObjectException;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.CompositeDataSupport;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import javax.management.openmbean.SimpleType;
import org.junit.jupiter.api.Test;

class OpenMappingTests {
    public record Leaf(String name, int count, Map<String, Double> gauges) {}

    public record Tree(
            String title,
            long size,
            double ratio,
            boolean on,
            long[] pids,
            List<String> words,
            List<Leaf> leaves,
            Map<String, String> env,
            Leaf first) {}

    /** The JDK's MXBean mapping as the reference: what it sends for a value, and what it makes of one sent. */
    public interface TreesMXBean {
        Tree getTree();

        Tree echo(Tree tree, int times, boolean loud);

        InstanceView getInstance();
    }

    private static Tree tree() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", "8080");
        env.put("EMPTY", "");
        return new Tree(
                "fleet",
                1L << 40,
                0.25,
                true,
                new long[] {7, 8},
                List.of("a", "b"),
                List.of(new Leaf("x", 1, Map.of("queue", 12.0)), new Leaf("y", 2, Map.of())),
                env,
                new Leaf("first", 0, Map.of("latency_ms", 3.5)));
    }

    private static final InstanceView INSTANCE = InstanceViews.sample(Map.of("q", 1.0));

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ObjectName name = ObjectName.getInstance("io.drover.test:type=Trees");

    OpenMappingTests() throws Exception {
        server.registerMBean(
                new TreesMXBean() {
                    @Override
                    public Tree getTree() {
                        return tree();
                    }

                    @Override
                    public Tree echo(Tree tree, int times, boolean loud) {
                        return tree;
                    }

                    @Override
                    public InstanceView getInstance() {
                        return INSTANCE;
                    }
                },
                name);
    }

    /** A tree as a comparable value: its array compared by content. */
    private static void assertSameTree(Tree expected, Tree actual) {
        assertArrayEquals(expected.pids(), actual.pids());
        Tree withoutPids = new Tree(
                actual.title(),
                actual.size(),
                actual.ratio(),
                actual.on(),
                expected.pids(),
                actual.words(),
                actual.leaves(),
                actual.env(),
                actual.first());
        assertEquals(expected, withoutPids);
    }

    @Test
    void aRecordIsSentAsTheMxBeanMappingSendsIt() throws Exception {
        CompositeData jdk = (CompositeData) server.getAttribute(name, "Tree");
        OpenMapping mapping = OpenMapping.of(Tree.class);
        assertEquals(jdk.getCompositeType(), mapping.openType());
        CompositeData ours = (CompositeData) mapping.toOpen(tree());
        // composite data compares its arrays by content (CompositeDataSupport.equals)
        assertEquals(jdk, ours);
        assertEquals(ours, jdk);
        assertEquals(jdk.hashCode(), ours.hashCode());
        assertTrue(Objects.deepEquals(jdk.get("leaves"), ours.get("leaves")));
    }

    @Test
    void whatTheMxBeanMappingSendsIsReadBackAsTheSameRecord() throws Exception {
        CompositeData jdk = (CompositeData) server.getAttribute(name, "Tree");
        assertSameTree(tree(), (Tree) OpenMapping.of(Tree.class).fromOpen(jdk));
    }

    @Test
    void aCallWithOurOpenArgumentsAndSignatureReachesAnMxBean() throws Exception {
        OpenMapping tree = OpenMapping.of(Tree.class);
        OpenMapping times = OpenMapping.of(int.class);
        OpenMapping loud = OpenMapping.of(boolean.class);
        Object reply = server.invoke(
                name, "echo", new Object[] {tree.toOpen(tree()), times.toOpen(3), loud.toOpen(true)}, new String[] {
                    tree.openClass().getName(),
                    times.openClass().getName(),
                    loud.openClass().getName()
                });
        assertSameTree(tree(), (Tree) tree.fromOpen(reply));
        // as the JDK's own proxy names them
        assertEquals("int", times.openClass().getName());
        assertEquals(CompositeData.class, tree.openClass());
        assertSameTree(
                tree(), JMX.newMXBeanProxy(server, name, TreesMXBean.class).echo(tree(), 3, true));
    }

    @Test
    void aViewThatMakesItsOwnOpenDataIsAskedForIt() throws Exception {
        CompositeData jdk = (CompositeData) server.getAttribute(name, "Instance");
        OpenMapping mapping = OpenMapping.of(InstanceView.class);
        Object ours = mapping.toOpen(INSTANCE);
        assertTrue(ours instanceof OpenComposite, "made by InstanceView.toCompositeData");
        assertEquals(jdk, ours);
        assertEquals(INSTANCE, mapping.fromOpen(jdk));
    }

    @Test
    void nullsPassExceptForAPrimitive() throws Exception {
        assertEquals(null, OpenMapping.of(Tree.class).toOpen(null));
        assertEquals(null, OpenMapping.of(String.class).fromOpen(null));
        InvalidObjectException e = assertThrows(
                InvalidObjectException.class, () -> OpenMapping.of(int.class).fromOpen(null));
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }

    @Test
    void openDataOfAnotherTypeOrWithoutAnItemIsRefusedByName() throws Exception {
        assertThrows(
                InvalidObjectException.class, () -> OpenMapping.of(long.class).fromOpen("42"));
        assertThrows(
                InvalidObjectException.class, () -> OpenMapping.of(Leaf.class).fromOpen("not composite"));
        CompositeType partial = new CompositeType(
                Leaf.class.getName(),
                "a leaf of an older version",
                new String[] {"name"},
                new String[] {"name"},
                new OpenType<?>[] {SimpleType.STRING});
        InvalidObjectException e = assertThrows(InvalidObjectException.class, () -> OpenMapping.of(Leaf.class)
                .fromOpen(new CompositeDataSupport(partial, new String[] {"name"}, new Object[] {"x"})));
        assertTrue(e.getMessage().contains("without its item count"), e.getMessage());
    }

    @Test
    void aTypeAnMxBeanCannotMapIsRefused() throws Exception {
        Type optional = Holder.class.getDeclaredField("maybe").getGenericType();
        OpenDataException e = assertThrows(OpenDataException.class, () -> OpenMapping.of(optional));
        assertTrue(e.getMessage().contains("java.util.Optional<java.lang.String>"), e.getMessage());
        assertThrows(OpenDataException.class, () -> OpenMapping.of(Object.class));
    }

    public record Nested(String name, List<Nested> children) {}

    @Test
    void aRecordThatHoldsItselfIsRefusedAsAnMxBeanRefusesIt() {
        OpenDataException e = assertThrows(OpenDataException.class, () -> OpenMapping.of(Nested.class));
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
    }

    private static final class Holder {
        Optional<String> maybe;
    }
}
