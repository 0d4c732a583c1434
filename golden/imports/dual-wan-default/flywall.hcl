# Imported from mwan3 and network by flywall import mwan3.
# Lines saying "not imported" are what flywall cannot express; see docs/import.md.

# mmx_mask '0x3F00' is mwan3's default: flywall keeps its own default mark bits (runtime { mark_mask = "0xff00" })

interface "eth1" {
  # mwan3 interface "wan", network interface "wan" (proto dhcp)
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    targets        = ["9.9.9.9", "149.112.112.112", "1.0.0.1"]
    interval       = "10s"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
    reliability    = 2
  }
}

# mwan3 interface "wan6" is IPv6 (family 'ipv6'): flywall carries an uplink's IPv6 on the same interface as its IPv4, with an ipv6 block in interface "eth1" (docs/ipv6.md), not as an uplink of its own; not imported

interface "eth2" {
  # mwan3 interface "wanb", network interface "wanb" (proto dhcp)
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    targets        = ["9.9.9.9", "1.0.0.1"]
    interval       = "10s"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
    reliability    = 1
  }
}

interface "br-lan" {
  # network interface "lan", not used by mwan3: the LAN side
  zone    = "LAN"
  address = "192.168.10.1/24"
}

uplink_group "balanced" {
  # mwan3 policy "balanced"
  # member "wan6_m1_w3": its interface "wan6" was not imported; not imported
  # last_resort 'unreachable' (mwan3's default): while every member is down, its policy routes are strict (traffic is refused)
  mode = "balance"

  member "eth1" {
    weight = 3
  }

  member "eth2" {
    weight = 2
  }
}

uplink_group "wan_wanb" {
  # mwan3 policy "wan_wanb"
  # last_resort 'default': while every member is down, its policy routes use the default group
  mode = "failover"

  member "eth1" {
    priority = 1
    weight   = 3
  }

  member "eth2" {
    priority = 2
    weight   = 2
  }
}

uplink_group "balanced_sticky" {
  # mwan3 policy "balanced" for its sticky rules: flywall keeps a group's sources on one uplink, so sticky rules get a sticky copy of their policy
  # member "wan6_m1_w3": its interface "wan6" was not imported; not imported
  # last_resort 'unreachable' (mwan3's default): while every member is down, its policy routes are strict (traffic is refused)
  mode   = "balance"
  sticky = true

  member "eth1" {
    weight = 3
  }

  member "eth2" {
    weight = 2
  }
}

policy_route "https" {
  # mwan3 rule "https"
  match {
    protocol  = ["tcp"]
    dest_port = ["443"]
  }

  uplink = "balanced_sticky"
  strict = true
}

# mwan3 rule "default_v4" matches all traffic: its policy "balanced" is flywall's default group (the first uplink_group)
# mwan3 rule "default_v6" matches all traffic too: the default group "balanced" covers it
