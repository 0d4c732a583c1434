# A balance group with failback = "manual": a recovered member rejoins only when told.
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { weight = 2 }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan { weight = 1 }
}

interface "lan0" {
  zone    = "LAN"
  address = "10.10.0.1/16"
}

uplink_group "balanced" {
  mode     = "balance"
  failback = "manual"

  member "eth0" {
    weight = 2
    health_check {
      targets        = ["192.0.2.1"]
      interval       = "5s"
      threshold_down = 2
      threshold_up   = 2
    }
  }

  member "eth1" {
    weight = 1
    health_check {
      targets        = ["198.51.100.1"]
      interval       = "5s"
      threshold_down = 2
      threshold_up   = 2
    }
  }
}
