package io.drover.daemon.os.linux;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * A NULL-terminated {@code char *[]} with its strings, as {@code execve} takes argv and envp, in one native
 * block: JNA's {@code StringArray} allocates (and registers for cleaning) one block per string, which for a
 * thousand processes with fifty variables each is fifty thousand blocks for the cleaner thread.
 */
public final class CStringArray {
    private CStringArray() {}

    /** @return the array at offset 0; keep the memory reachable for as long as the array is used */
    public static Memory of(Collection<String> strings) {
        byte[][] bytes = new byte[strings.size()][];
        long size = (long) (bytes.length + 1) * Long.BYTES;
        int i = 0;
        for (String s : strings) {
            bytes[i] = s.getBytes(StandardCharsets.UTF_8);
            size += bytes[i].length + 1;
            i++;
        }
        Memory block = new Memory(size);
        long base = Pointer.nativeValue(block);
        long at = (long) (bytes.length + 1) * Long.BYTES;
        for (i = 0; i < bytes.length; i++) {
            block.setLong((long) i * Long.BYTES, base + at);
            block.write(at, bytes[i], 0, bytes[i].length);
            block.setByte(at + bytes[i].length, (byte) 0);
            at += bytes[i].length + 1;
        }
        block.setLong((long) bytes.length * Long.BYTES, 0);
        return block;
    }
}
