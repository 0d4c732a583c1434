# Wrong: the route matches an IPv4 source and an IPv6 destination set; no packet is both.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
  }
}

interface "eth2" {
  zone = "LAN"
  addresses = [
    "192.168.1.1/24",
    "2001:db8:10::1/64",
  ]
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}

ipset "partner_v6" {
  type    = "ipv6_addr"
  entries = ["2001:db8:4000::/40"]
}

# The LAN's IPv4 prefix was copied here instead of its IPv6 one (2001:db8:10::/64)
policy_route "partner-v6" {
  match {
    source      = ["192.168.1.0/24"]
    destination = ["@partner_v6"]
  }

  uplink = "eth0"
}
