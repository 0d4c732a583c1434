# Dual-stack gateway: fibre preferred and cable as the backup, both with IPv4 and IPv6, a
# dual-stack LAN, and IPv6 traffic to a partner network pinned to the fibre uplink.
#
# The LAN numbers its IPv6 hosts from a ULA prefix (fd00:10::/64), which no ISP routes: each
# uplink translates it 1:1 (NPTv6) to a /64 its ISP routes to the gateway, so IPv6 that fails
# over leaves with the prefix of the ISP it leaves by, as IPv4 leaves with its address (see
# docs/ipv6.md).
#
# Addresses come from the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
# 2001:db8::/32); replace them with the ones your ISPs assigned.

# Fibre: static addresses in both families
interface "eth0" {
  zone = "WAN"
  addresses = [
    "203.0.113.10/29",
    "2001:db8:100::10/64",
  ]

  # One next hop per address family
  gateway = ["203.0.113.9", "2001:db8:100::1"]

  # The LAN's IPv6 leaves as 2001:db8:100:1000::/64, a /64 the ISP routes to 2001:db8:100::10
  # (not the link's own /64, whose addresses the ISP would look up by neighbour discovery)
  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:100:1000::/64"
  }

  wan {
    priority  = 1
    bandwidth = "1Gbps"
  }

  # Probe both families so that a broken IPv6 path is noticed too: a round is good when at
  # least two of the four targets answer.
  health_check {
    targets = [
      "1.1.1.1",
      "9.9.9.9",
      "2606:4700:4700::1111",
      "2620:fe::fe",
    ]
    reliability    = 2
    interval       = "5s"
    timeout        = "2s"
    threshold_down = 3
    threshold_up   = 2
  }
}

# Cable: also static, from the second ISP's ranges
interface "eth1" {
  zone = "WAN"
  addresses = [
    "198.51.100.20/28",
    "2001:db8:200::20/64",
  ]
  gateway = ["198.51.100.17", "2001:db8:200::1"]

  ipv6 {
    nat    = "npt"
    prefix = "2001:db8:200:1000::/64"
  }

  wan {
    priority  = 2
    bandwidth = "250Mbps"
  }

  health_check {
    targets = [
      "8.8.8.8",
      "1.0.0.1",
      "2001:4860:4860::8888",
      "2606:4700:4700::1001",
    ]
    reliability    = 2
    interval       = "5s"
    timeout        = "2s"
    threshold_down = 3
    threshold_up   = 2
  }
}

# Dual-stack LAN: private IPv4 and a ULA /64, the uplinks' NPT inside prefix (their lan_prefix
# by default, as it is the LAN side's only IPv6 prefix)
interface "eth2" {
  zone = "LAN"
  addresses = [
    "192.168.1.1/24",
    "fd00:10::1/64",
  ]
}

uplink_group "default" {
  mode           = "failover"
  failback       = "auto"
  failback_delay = "30s"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}

# The partner's IPv6 networks: a set holds one address family, so it is typed ipv6_addr
ipset "partner_v6" {
  type = "ipv6_addr"
  entries = [
    "2001:db8:4000::/40",
    "2001:db8:5000::/48",
  ]
}

# IPv6 traffic from the LAN to the partner only over fibre, where the partner allows our
# fibre prefix (2001:db8:100:1000::/64 after NPT); when fibre is down it is dropped rather than
# sent from the cable prefix. The match sees the LAN's own (ULA) source: translation happens
# after the uplink is chosen.
policy_route "partner-v6" {
  match {
    source      = ["fd00:10::/64"]
    destination = ["@partner_v6"]
  }

  uplink = "eth0"
  strict = true
}
