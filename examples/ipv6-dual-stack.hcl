# Dual-stack gateway: fibre preferred and cable as the backup, both with IPv4 and IPv6, a
# dual-stack LAN, and IPv6 traffic to a partner network pinned to the fibre uplink.
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

# Dual-stack LAN
interface "eth2" {
  zone = "LAN"
  addresses = [
    "192.168.1.1/24",
    "2001:db8:10::1/64",
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
# prefix; when fibre is down it is dropped rather than sent from the wrong source addresses.
policy_route "partner-v6" {
  match {
    source      = ["2001:db8:10::/64"]
    destination = ["@partner_v6"]
  }

  uplink = "eth0"
  strict = true
}
