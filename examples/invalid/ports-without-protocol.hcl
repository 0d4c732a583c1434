# Wrong: the route matches a port but no protocol; ports exist only for tcp, udp and the like.

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

policy_route "work-vpn" {
  match {
    dest_port = ["1194"] # OpenVPN
  }

  uplink = "eth0"
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}
