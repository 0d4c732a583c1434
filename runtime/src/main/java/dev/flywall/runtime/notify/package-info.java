/**
 * Notifications of state changes (uplink down/up, failover, failback, pins, applies, rollbacks)
 * by webhook and email. The daemon's engine hands events to {@link dev.flywall.runtime.notify.Notifier}
 * and moves on; delivery, retries and storm protection happen on the notifier's own threads, so a
 * slow or dead notification target can never delay a failover.
 */
package dev.flywall.runtime.notify;
