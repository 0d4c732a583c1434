# Imported from mwan3 and network by flywall import mwan3.
# Lines saying "not imported" are what flywall cannot express; see docs/import.md.

# logging '1': flywall does not log matched traffic to the firewall log; not imported
# loglevel 'info': flywall does not log matched traffic to the firewall log; not imported
# rt_table_lookup '220': flywall lets the main table's routes other than the default win over the uplinks, but scans no other table; not imported
# local_source 'lan': an option of older mwan3 releases with no flywall equivalent; not imported
# rtmon_interval '5': an option of older mwan3 releases with no flywall equivalent; not imported

runtime {
  # mwan3's mmx_mask: the mark bits left to flywall
  mark_mask = "0xff0000"
}

# config notify 'n': not a section type of mwan3; not imported

interface "eth0" {
  # mwan3 interface "wan", network interface "wan" (proto dhcp)
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    targets        = ["1.1.1.1", "8.8.8.8"]
    interval       = "10s"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
  }
}

interface "eth1" {
  # mwan3 interface "wanb", network interface "wanb" (proto dhcp)
  zone = "WAN"
  dhcp = true

  wan {}

  health_check {
    targets        = ["1.1.1.1", "8.8.8.8"]
    interval       = "10s"
    timeout        = "4s"
    threshold_down = 5
    threshold_up   = 5
  }

  # option dampening '1': not an option of mwan3's interface sections that flywall knows; not imported
}

interface "br-lan" {
  # network interface "lan", not used by mwan3: the LAN side
  zone    = "LAN"
  address = "192.168.1.1/24"
}

interface "br-guest" {
  # network interface "guest", not used by mwan3: the LAN side
  zone    = "LAN"
  address = "192.168.2.1/24"
}

# network interface "mgmt": its device "eth1" is already an interface above; not imported

uplink_group "balanced" {
  # mwan3 policy "balanced"
  # last_resort 'unreachable' (mwan3's default): while every member is down, its policy routes are strict (traffic is refused)
  mode   = "balance"
  sticky = true

  member "eth0" {
    weight = 1
  }

  member "eth1" {
    weight = 2
  }
}

uplink_group "wan_first" {
  # mwan3 policy "wan_first"
  # last_resort 'unreachable' (mwan3's default): while every member is down, its policy routes are strict (traffic is refused)
  mode = "failover"

  member "eth0" {
    priority = 1
    weight   = 1
  }

  member "eth1" {
    priority = 2
    weight   = 1
  }
}

uplink_group "wanb_only" {
  # mwan3 policy "wanb_only"
  # last_resort 'default': while every member is down, its policy routes use the default group
  mode = "failover"

  member "eth1" {
    priority = 1
    weight   = 2
  }
}

uplink_group "wanb_only_sticky" {
  # mwan3 policy "wanb_only" for its sticky rules: flywall keeps a group's sources on one uplink, so sticky rules get a sticky copy of their policy
  # last_resort 'default': while every member is down, its policy routes use the default group
  mode   = "failover"
  sticky = true

  member "eth1" {
    priority = 1
    weight   = 2
  }
}

policy_route "vpn" {
  # mwan3 rule "vpn"
  # logging '1': flywall does not log the traffic of a route; not imported
  match {
    protocol    = ["udp"]
    source      = ["192.168.1.0/24", "192.168.2.0/24"]
    source_port = ["1024-65535"]
    dest_port   = ["1194", "51820"]
  }

  uplink = "wan_first"
  strict = true
}

# mwan3 rule "streaming": ipset 'streaming' is a set that dnsmasq fills at run time, and flywall has no such sets (write an ipset block with its prefixes and match "@streaming" in destination); not imported

policy_route "gaming" {
  # mwan3 rule "gaming"
  match {
    protocol    = ["udp"]
    source      = ["192.168.1.50"]
    destination = ["203.0.113.0/24"]
  }

  uplink = "wanb_only_sticky"
}

policy_route "v6_voip" {
  # mwan3 rule "v6_voip"
  match {
    protocol    = ["udp"]
    destination = ["2001:db8:5::/48"]
    dest_port   = ["5060"]
  }

  uplink = "wan_first"
  strict = true
}

policy_route "guests" {
  # mwan3 rule "guests"
  match {
    interface = ["br-guest"]
  }

  uplink = "wanb_only"
}

policy_route "rule1" {
  # mwan3 rule "@rule[0]"
  # dest_port '500': mwan3 ignores ports unless proto is tcp or udp; not imported
  # timeout '30': used only with sticky '1'; not imported
  match {
    protocol = ["esp"]
  }

  uplink = "wan_first"
  strict = true
}

# mwan3 rule "local": use_policy 'default' sends the traffic by the main routing table, past mwan3, and a flywall policy route always leaves by an uplink: not imported
# mwan3 rule "blocked": use_policy 'unreachable' refuses the traffic, and a flywall policy route always leaves by an uplink: not imported
# mwan3 rule "dropped": use_policy 'blackhole' drops the traffic, and a flywall policy route always leaves by an uplink: not imported
# mwan3 rule "nopolicy" has no use_policy, so mwan3 ignores it: not imported
# mwan3 rule "typo": its policy "wan_frist" is not defined: not imported
# mwan3 rule "both": ipset 'cdn' is a set that dnsmasq fills at run time, and flywall has no such sets (write an ipset block with its prefixes and match "@cdn" in destination); not imported
# mwan3 rule "byname": dest_ip 'example.com' is not an IP address or prefix; not imported
# mwan3 rule "backwards": dest_port '2000:1000' is not a port or range; not imported
# mwan3 rule "weird": proto 'ipip' is not a protocol flywall knows; not imported

policy_route "ospf" {
  # mwan3 rule "ospf"
  match {
    protocol = ["ospf"]
  }

  uplink = "wan_first"
  strict = true
}

# mwan3 rule "mixed": it mixes IPv4 and IPv6 addresses (family, src_ip, dest_ip), and no packet has both; not imported
# mwan3 rule "ping6": proto 'icmp' is the ICMP of the other address family, so the rule matches no packet; not imported
# mwan3 rule "default_rule" matches all traffic: its policy "balanced" is flywall's default group (the first uplink_group)
# mwan3 rule "after" never matches: an earlier rule already takes all its traffic; not imported
