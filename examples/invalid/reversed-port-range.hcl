# Wrong: the port range "9000-8000" is written backwards; the first port must be the lower.

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

policy_route "game-server" {
  match {
    protocol  = ["tcp", "udp"]
    dest_port = ["9000-8000"]
  }

  uplink = "eth0"
}
