/**
 * Health-check probes of the WAN uplinks, run inside the daemon's process (no {@code ping}, no
 * child process): ICMP/ICMPv6 echo over raw sockets, TCP connect, DNS queries and HTTP(S) GETs,
 * each from a socket bound to the uplink's device and carrying its fwmark, so a probe tests its own
 * WAN whatever the main routing table says. {@link dev.flywall.runtime.probe.Probes} runs the
 * rounds; {@link dev.flywall.runtime.probe.Egress} says how probes leave.
 */
package dev.flywall.runtime.probe;
