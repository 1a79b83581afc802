package io.drover.api;

/**
 * What a reload did to one app.
 *
 * @param app the app's name
 * @param started new processes that took over
 * @param stopped old processes stopped after their replacement was ready
 * @param failed whether the reload stopped at a new process that exited or was not ready in time (the
 *     old process of that instance, and of every instance not reached, keeps serving)
 * @param reason why it failed; for an app whose instances cannot run side by side, that it was
 *     restarted instead
 */
public record ReloadResult(String app, int started, int stopped, boolean failed, String reason) {}
