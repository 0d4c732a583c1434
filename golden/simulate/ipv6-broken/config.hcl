# Dual-stack uplinks probing both address families: a round is good only when `reliability`
# targets answer and each family has at least one answer.
interface "eth0" {
  zone      = "WAN"
  addresses = ["203.0.113.10/29", "2001:db8:100::10/64"]
  gateway   = ["203.0.113.9", "2001:db8:100::1"]
  wan { priority = 1 }
}

interface "eth1" {
  zone      = "WAN"
  addresses = ["198.51.100.20/28", "2001:db8:200::20/64"]
  gateway   = ["198.51.100.17", "2001:db8:200::1"]
  wan { priority = 2 }
}

interface "eth2" {
  zone      = "LAN"
  addresses = ["192.168.1.1/24", "2001:db8:10::1/64"]
}

uplink_group "default" {
  failback_delay = "10s"

  member "eth0" {
    priority = 1
    health_check {
      targets        = ["192.0.2.1", "192.0.2.2", "2001:db8:ff::1", "2001:db8:ff::2"]
      reliability    = 2
      threshold_down = 3
      threshold_up   = 2
    }
  }

  member "eth1" {
    priority = 2
    health_check {
      targets = ["198.51.100.1", "2001:db8:ee::1"]
    }
  }
}
