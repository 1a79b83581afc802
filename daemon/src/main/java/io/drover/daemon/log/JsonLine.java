package io.drover.daemon.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ProcessListener;

/**
 * One line of output as a JSON object, as {@code log_type: json} files and the runtime's {@code --json}
 * console write it: {@code {"app","instance","id","stream","time","message"}}.
 */
final class JsonLine {
    private JsonLine() {
        /* no instances */
    }

    static String of(Instance instance, ProcessListener.Stream stream, String time, String message) {
        return "{\"app\":" + quote(instance.app().spec().name()) + ",\"instance\":" + instance.index() + ",\"id\":"
                + instance.id() + ",\"stream\":\"" + (stream == ProcessListener.Stream.STDOUT ? "out" : "err")
                + "\",\"time\":" + quote(time) + ",\"message\":" + quote(message) + "}\n";
    }

    /** {@code s} as a JSON string literal, quotes included (Jackson's encoder: every escape JSON needs). */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
