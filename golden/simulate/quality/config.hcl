# A link that answers but badly counts as failed: mean RTT above 150ms or more than 20 % of the
# recent probes lost.
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { priority = 1 }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan { priority = 2 }
}

interface "eth2" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  member "eth0" {
    health_check {
      targets        = ["192.0.2.1", "192.0.2.2"]
      interval       = "1s"
      threshold_down = 3
      threshold_up   = 3
      max_latency    = "150ms"
      max_loss       = 20
    }
  }

  member "eth1" {
    health_check {
      targets = ["198.51.100.1"]
    }
  }
}
