package io.drover.daemon.supervise;

/**
 * What a reload did.
 *
 * @param app the app's name
 * @param started new processes that took over
 * @param stopped old processes stopped after their replacement was ready
 * @param failed whether the reload stopped at a replacement that exited or never got ready
 * @param reason why it failed, or how it went when it did not replace processes side by side
 */
public record ReloadReport(String app, int started, int stopped, boolean failed, String reason) {}
