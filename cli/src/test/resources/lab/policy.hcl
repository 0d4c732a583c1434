# The default group prefers eth1; VPN traffic (UDP 1194) and the "office" destinations must leave
# through eth0 (end-to-end test).
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 2
    weight   = 1
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 1
    weight   = 1
  }
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

ipset "office" {
  entries = ["203.0.113.203/32"] # a lab internet host no health check uses
}

uplink_group "default" {
  mode = "failover"
  member "eth0" {
    health_check {
      targets        = ["1.1.1.1", "9.9.9.9"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }
  member "eth1" {
    health_check {
      targets        = ["1.1.1.1", "9.9.9.9"]
      interval       = "200ms"
      timeout        = "100ms"
      threshold_down = 3
      threshold_up   = 2
    }
  }
}

policy_route "vpn" {
  match {
    protocol  = "udp"
    dest_port = ["1194"]
  }
  uplink = "eth0"
}

policy_route "office" {
  match {
    destination = ["@office"]
  }
  uplink = "eth0"
  strict = true
}
