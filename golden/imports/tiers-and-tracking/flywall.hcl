# Imported from mwan3 and network by flywall import mwan3.
# Lines saying "not imported" are what flywall cannot express; see docs/import.md.

interface "eth0" {
  # mwan3 interface "fibre", network interface "fibre" (proto static)
  zone    = "WAN"
  address = "198.51.100.2/29"
  gateway = "198.51.100.1"
  mtu     = 9000

  wan {}

  health_check {
    targets        = ["1.1.1.1", "8.8.8.8", "9.9.9.9"]
    interval       = "2s"
    timeout        = "1s"
    threshold_down = 3
    threshold_up   = 4
    reliability    = 2
    max_latency    = "150ms"
    max_loss       = 20
    # recovery_latency '80': flywall uses max_latency and max_loss for recovery too; not imported
    # recovery_loss '5': flywall uses max_latency and max_loss for recovery too; not imported
    # count '3': flywall sends one probe per target and round; not imported
    # size '120': flywall's probes have a fixed size and TTL; not imported
    # max_ttl '30': flywall's probes have a fixed size and TTL; not imported
    # failure_interval '1': flywall probes every interval, whatever the link's state; not imported
    # recovery_interval '3': flywall probes every interval, whatever the link's state; not imported
    # keep_failure_interval '1': flywall probes every interval, whatever the link's state; not imported
    # initial_state 'offline': flywall has no such setting, its probes decide; not imported
    # flush_conntrack 'disconnected': flywall flushes the connections of a link that goes down by itself, and only those; not imported
    # flush_conntrack 'connected': flywall never flushes connections when a link comes up (they keep their link); not imported
  }
}

interface "eth1" {
  # mwan3 interface "cable", network interface "cable" (proto dhcp)
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    type           = "http"
    url            = "https://192.0.2.80/"
    interval       = "5s"
    timeout        = "3s"
    threshold_down = 4
    threshold_up   = 2
    # flywall's http check requests one URL: the first track_ip; the others (198.51.100.80) are not imported
    # failure_latency '300': used only with check_quality '1'; not imported
  }
}

interface "wwan0" {
  # mwan3 interface "lte", network interface "lte" (proto dhcp)
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    type           = "tcp"
    targets        = ["203.0.113.10"]
    port           = 80
    interval       = "30s"
    timeout        = "5s"
    threshold_down = 5
    threshold_up   = 5
    # track_ip 'probe.example.net': flywall probes IP addresses, not host names; not imported
    # httping_ssl '0': only for track_method 'httping'; not imported
    # port 80: the TCP port nping-tcp probes unless told otherwise
  }
}

interface "eth3" {
  # mwan3 interface "dsl", network interface "dsl" (proto pppoe)
  zone = "WAN"

  pppoe {
    username = "user@isp.example"
    password = "secret"
  }

  wan {}

  health_check {
    targets        = ["192.0.2.1"]
    interval       = "10s"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
    # track_method 'arping': flywall has no such probe (icmp, http, tcp or dns); an ICMP check is used
    # up '200': flywall takes a whole number from 1 to 100 here; not imported, mwan3's default is written instead
    # flush_conntrack 'ifup': flywall never flushes connections when a link comes up (they keep their link); not imported
  }
}

# mwan3 interface "spare" is not enabled (enabled '0'): mwan3 does not use it; not imported

interface "br-lan" {
  # network interface "lan", not used by mwan3: the LAN side
  zone      = "LAN"
  addresses = ["10.0.0.1/16", "fd00:10::1/64"]
}

# network interface "vpn" (proto wireguard) is not an mwan3 interface nor a static one with an address and a device: not imported

uplink_group "tiers" {
  # mwan3 policy "tiers"
  # member "spare_m4": its interface "spare" was not imported; not imported
  # use_member 'missing_member': no mwan3 member has this name; not imported
  # last_resort 'blackhole': while every member is down, its policy routes are strict; flywall refuses the traffic (prohibit) where mwan3 dropped it silently
  mode = "failover"

  member "eth0" {
    priority = 1
    weight   = 1
  }

  member "eth1" {
    priority = 2
    weight   = 1
  }

  member "eth3" {
    priority = 2
    weight   = 3
  }

  member "wwan0" {
    priority = 3
    weight   = 1
  }
}

uplink_group "lte_only" {
  # mwan3 policy "lte_only"
  # last_resort 'default': while every member is down, its policy routes use the default group
  mode = "failover"

  member "wwan0" {
    priority = 3
    weight   = 1
  }
}

uplink_group "high_metric" {
  # mwan3 policy "high_metric"
  # member "fibre_m9": metric over 256, which mwan3 leaves out of the policy; not imported
  # member "orphan": metric 'high' is not a whole number from 1 to 256; 1 is used
  # last_resort 'unreachable' (mwan3's default): while every member is down, its policy routes are strict (traffic is refused)
  mode = "failover"

  member "eth1" {
    priority = 1
    weight   = 1
  }
}

# mwan3 policy "dead" has no member that was imported: not imported
# member "spare_m4": its interface "spare" was not imported; not imported
# mwan3 rule "everything" matches all traffic: its policy "tiers" is flywall's default group (the first uplink_group)
