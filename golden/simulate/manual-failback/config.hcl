# A metered backup: once on it, stay until the operator says so (failback = "manual").
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { priority = 1 }
}

interface "wwan0" {
  zone = "WAN"
  dhcp = true
  wan { priority = 2 }
}

interface "eth1" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode     = "failover"
  failback = "manual"

  member "eth0" {
    health_check {
      targets        = ["192.0.2.1"]
      interval       = "1s"
      threshold_down = 2
      threshold_up   = 2
    }
  }

  member "wwan0" {
    health_check {
      targets = ["198.51.100.1"]
    }
  }
}
