package io.drover.api;

import java.util.List;
import java.util.Map;

/**
 * An app and its instances as clients see it ({@code drover show}).
 *
 * @param name the app's name
 * @param namespace the app's namespace
 * @param status the instances' common status, or the distinct statuses joined with commas
 * @param script absolute path of the script
 * @param args arguments after the script
 * @param cwd working directory
 * @param interpreter the program that runs the script ({@code none} when the script runs itself)
 * @param interpreterArgs arguments between interpreter and script
 * @param command the full command line an instance runs
 * @param mode {@code fork} or {@code cluster}
 * @param instances the desired number of instances
 * @param restarts restarts of all instances together
 * @param killTimeoutMillis wait after the stop signal before SIGKILL
 * @param outLog file receiving the app's standard output
 * @param errorLog file receiving the app's standard error
 * @param createdAt epoch milliseconds when the app was added
 * @param env the environment given to the app (without per-instance variables)
 * @param processes the instances
 * @param definition every setting under PM2's attribute names, as text
 * @param listening the listening sockets handed to every instance, as {@code name=address}
 * @param logBytesDropped bytes of output that could not be written to the app's log files (full disk,
 *     unwritable directory); writing resumes by itself when it can
 * @param logProblem why a log file is not written (a link, a FIFO, a directory another user controls)
 *     and the fix, empty when every one is
 */
public record AppView(
        String name,
        String namespace,
        String status,
        String script,
        List<String> args,
        String cwd,
        String interpreter,
        List<String> interpreterArgs,
        List<String> command,
        String mode,
        int instances,
        int restarts,
        long killTimeoutMillis,
        String outLog,
        String errorLog,
        long createdAt,
        Map<String, String> env,
        List<InstanceView> processes,
        Map<String, String> definition,
        List<String> listening,
        long logBytesDropped,
        String logProblem) {}
