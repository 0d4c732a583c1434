# A fibre that flaps: after it recovers, traffic returns to it only once it has stayed up for
# failback_delay; a policy route to it waits as well.
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
  mode           = "failover"
  failback_delay = "1m"

  member "eth0" {
    health_check {
      targets        = ["192.0.2.1"]
      interval       = "1s"
      threshold_down = 2
      threshold_up   = 2
    }
  }

  member "eth1" {
    health_check {
      targets = ["198.51.100.1"]
    }
  }
}

policy_route "voip" {
  match {
    protocol = "udp"
    dest_port = ["5060"]
  }

  uplink = "eth0"
}
