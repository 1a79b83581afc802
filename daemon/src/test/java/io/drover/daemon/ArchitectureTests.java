package io.drover.daemon;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon's packages stand on floors: a package may use its own floor and the floors below, never one
 * above, so the lower parts can be read, tested and changed without the upper ones.
 */
class ArchitectureTests {
    private static final String D = "io.drover.daemon.";

    /** From the ground up. */
    static final List<List<String>> FLOORS = List.of(
            List.of("os..", "time..", "lifecycle..", "plugin..", "cron.."),
            List.of("heap.."),
            List.of("spawn..", "socket.."),
            List.of("process.."),
            List.of("config..", "interpreter..", "loghandler..", "ecosystem..", "dump.."),
            List.of("supervise.."),
            List.of("log..", "metrics..", "systemd..", "watch.."),
            List.of("operate.."),
            List.of("jmx..", "openmetrics.."));

    private static final JavaClasses DAEMON = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.drover.daemon");

    private static String[] packages(List<String> floor) {
        return floor.stream().map(p -> D + p).toArray(String[]::new);
    }

    @Test
    void noPackageUsesAFloorAboveItsOwn() {
        List<AssertionError> broken = new ArrayList<>();
        for (int low = 0; low < FLOORS.size(); low++) {
            List<String> above = new ArrayList<>();
            FLOORS.subList(low + 1, FLOORS.size()).forEach(above::addAll);
            if (above.isEmpty()) {
                continue;
            }
            try {
                noClasses()
                        .that()
                        .resideInAnyPackage(packages(FLOORS.get(low)))
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(packages(above))
                        .because("floor " + low + " " + FLOORS.get(low) + " stands below " + above)
                        .allowEmptyShould(true)
                        .check(DAEMON);
            } catch (AssertionError e) {
                broken.add(e);
            }
        }
        if (!broken.isEmpty()) {
            AssertionError all = new AssertionError(broken.size() + " floor(s) use a floor above them");
            broken.forEach(all::addSuppressed);
            throw all;
        }
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        // the floors allow a package to use another of its own floor; a cycle would tie them into one
        slices().matching(D + "(*)..").should().beFreeOfCycles().check(DAEMON);
    }

    @Test
    void onlyTheJmxPackageUsesJavaxManagement() {
        noClasses()
                .that()
                .resideOutsideOfPackage(D + "jmx..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("javax.management..")
                .because("JMX is the edge: the rest of the daemon is used and tested without it")
                .check(DAEMON);
    }

    @Test
    void everyPackageIsOnAFloor() {
        List<String> placed = new ArrayList<>();
        FLOORS.forEach(f -> f.forEach(p -> placed.add(D + p.substring(0, p.length() - 2))));
        List<String> unplaced = DAEMON.stream()
                .map(c -> c.getPackageName())
                .distinct()
                .filter(p -> !p.equals("io.drover.daemon"))
                .filter(p -> placed.stream().noneMatch(f -> p.equals(f) || p.startsWith(f + ".")))
                .sorted()
                .toList();
        if (!unplaced.isEmpty()) {
            throw new AssertionError("packages on no floor (add them to FLOORS): " + unplaced);
        }
    }
}
