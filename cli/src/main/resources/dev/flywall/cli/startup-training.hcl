# Two cable/DSL uplinks: eth0 preferred, eth1 takes over when eth0's health checks fail.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  # Mark this as a WAN for the multi-WAN system
  wan {
    priority = 1 # Lower = preferred
    weight   = 1
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2 # Failover target
    weight   = 1
  }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1

    health_check {
      targets        = ["1.1.1.1", "8.8.8.8"]
      interval       = "5s"
      threshold_down = 3
      threshold_up   = 2
      timeout        = "2s"
    }
  }

  member "eth1" {
    priority = 2

    health_check {
      targets        = ["1.0.0.1", "8.8.4.4"]
      interval       = "5s"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}

policy_route "work-vpn" {
  match {
    protocol  = "udp"
    dest_port = ["1194"] # OpenVPN
  }

  uplink = "eth0"
}
