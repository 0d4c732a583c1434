# Wrong: an IPv6 prefix is listed in an ipset of type ipv4_addr (the default type).

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

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}

ipset "office" {
  entries = [
    "192.0.2.0/24",
    "2001:db8:1::/48",
  ]
}

policy_route "office" {
  match {
    destination = ["@office"]
  }

  uplink = "eth0"
}
