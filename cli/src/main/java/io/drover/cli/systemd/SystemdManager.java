package io.drover.cli.systemd;

import java.util.ArrayList;
import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.Tuple;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;

/**
 * The part of {@code org.freedesktop.systemd1.Manager} Drover uses (org.freedesktop.systemd1(5)); the
 * signatures are systemd's, checked against a running systemd 252.
 */
@DBusInterfaceName("org.freedesktop.systemd1.Manager")
public interface SystemdManager extends DBusInterface {
    String BUS_NAME = "org.freedesktop.systemd1";
    String OBJECT_PATH = "/org/freedesktop/systemd1";

    /** {@code StartUnit(s name, s mode) -> o job}. */
    @DBusMemberName("StartUnit")
    DBusPath startUnit(String name, String mode);

    /** {@code StopUnit(s name, s mode) -> o job}. */
    @DBusMemberName("StopUnit")
    DBusPath stopUnit(String name, String mode);

    /** {@code LoadUnit(s name) -> o unit}: the unit's object, loading it from disk when needed. */
    @DBusMemberName("LoadUnit")
    DBusPath loadUnit(String name);

    /** Signals are sent only while at least one client is subscribed. */
    @DBusMemberName("Subscribe")
    void subscribe();

    /** {@code daemon-reload}: reads unit files again. */
    @DBusMemberName("Reload")
    void reload();

    /** {@code EnableUnitFiles(as files, b runtime, b force) -> (b carries_install_info, a(sss) changes)}. */
    @DBusMemberName("EnableUnitFiles")
    EnableResult enableUnitFiles(List<String> files, boolean runtime, boolean force);

    /** {@code DisableUnitFiles(as files, b runtime) -> a(sss) changes}. */
    @DBusMemberName("DisableUnitFiles")
    List<UnitFileChange> disableUnitFiles(List<String> files, boolean runtime);

    /** {@code GetUnitFileState(s file) -> s}: enabled, disabled, static, ... */
    @DBusMemberName("GetUnitFileState")
    String getUnitFileState(String file);

    /** The two values {@code EnableUnitFiles} returns. */
    final class EnableResult extends Tuple {
        /** False when the unit has no [Install] section: nothing was enabled. */
        @Position(0)
        private final boolean carriesInstallInfo;

        @Position(1)
        private final List<UnitFileChange> changes;

        public EnableResult(boolean carriesInstallInfo, List<UnitFileChange> changes) {
            this.carriesInstallInfo = carriesInstallInfo;
            this.changes = changes;
        }

        public boolean carriesInstallInfo() {
            return carriesInstallInfo;
        }

        public List<UnitFileChange> changes() {
            // dbus-java 5.2 leaves the structs inside a tuple's array as Object[] (hypfvieh/dbus-java#285)
            List<UnitFileChange> list = new ArrayList<>();
            for (Object o : (List<?>) changes) {
                list.add(UnitFileChange.from(o));
            }
            return list;
        }
    }

    /** One change to the unit files: {@code (s type, s file, s destination)}, type symlink or unlink. */
    final class UnitFileChange extends Struct {
        @Position(0)
        private final String type;

        @Position(1)
        private final String file;

        @Position(2)
        private final String destination;

        public UnitFileChange(String type, String file, String destination) {
            this.type = type;
            this.file = file;
            this.destination = destination;
        }

        static UnitFileChange from(Object o) {
            if (o instanceof UnitFileChange c) {
                return c;
            }
            Object[] f = (Object[]) o;
            return new UnitFileChange(String.valueOf(f[0]), String.valueOf(f[1]), String.valueOf(f[2]));
        }

        public String type() {
            return type;
        }

        public String file() {
            return file;
        }

        public String destination() {
            return destination;
        }
    }

    /** {@code JobRemoved(u id, o job, s unit, s result)}: done, canceled, timeout, failed, dependency, skipped. */
    final class JobRemoved extends DBusSignal {
        private final DBusPath job;
        private final String unit;
        private final String result;

        public JobRemoved(String path, UInt32 id, DBusPath job, String unit, String result) throws DBusException {
            super(path, id, job, unit, result);
            this.job = job;
            this.unit = unit;
            this.result = result;
        }

        public DBusPath job() {
            return job;
        }

        public String unit() {
            return unit;
        }

        public String result() {
            return result;
        }
    }
}
