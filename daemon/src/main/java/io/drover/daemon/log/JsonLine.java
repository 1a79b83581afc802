package io.drover.daemon.log;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.drover.daemon.process.Instance;
import io.drover.daemon.spawn.ProcessListener;

/**
 * One line of output as a JSON object, as {@code log_type: json} files and the runtime's {@code --json}
 * console write it: PM2's keys, so what ships PM2's logs ships these, {@code {"message","timestamp","type",
 * "process_id","app_name"}}, and the instance's index, {@code "instance"}.
 */
final class JsonLine {
    private JsonLine() {
        /* no instances */
    }

    static String of(Instance instance, ProcessListener.Stream stream, String time, String message) {
        return "{\"message\":" + quote(message) + ",\"timestamp\":" + quote(time) + ",\"type\":\""
                + (stream == ProcessListener.Stream.STDOUT ? "out" : "err") + "\",\"process_id\":" + instance.id()
                + ",\"app_name\":" + quote(instance.app().spec().name()) + ",\"instance\":" + instance.index() + "}\n";
    }

    /** {@code s} as a JSON string literal, quotes included (Jackson's encoder: every escape JSON needs). */
    static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }
}
