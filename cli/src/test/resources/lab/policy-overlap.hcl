# Overlapping policy routes (end-to-end test): the first matching route in file order decides.
# The default group prefers eth3; "first" and the strict "vpn" send their destinations through eth0,
# and "later" would send the same destinations through eth1.
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 2
    weight   = 1
  }
  health_check {
    targets        = ["1.1.1.1", "9.9.9.9"]
    interval       = "200ms"
    timeout        = "100ms"
    threshold_down = 3
    threshold_up   = 2
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 3
    weight   = 1
  }
  health_check {
    targets        = ["1.1.1.1", "9.9.9.9"]
    interval       = "200ms"
    timeout        = "100ms"
    threshold_down = 3
    threshold_up   = 2
  }
}

interface "eth3" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 1
    weight   = 1
  }
  health_check {
    targets        = ["1.1.1.1", "9.9.9.9"]
    interval       = "200ms"
    timeout        = "100ms"
    threshold_down = 3
    threshold_up   = 2
  }
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}

uplink_group "default" {
  mode = "failover"
  member "eth0" {}
  member "eth1" {}
  member "eth3" {}
}

policy_route "first" {
  match {
    protocol    = "tcp"
    dest_port   = ["80"]
    destination = ["203.0.113.202"]
  }
  uplink = "eth0"
}

policy_route "vpn" {
  match {
    protocol    = "tcp"
    dest_port   = ["80"]
    destination = ["203.0.113.203"]
  }
  uplink = "eth0"
  strict = true
}

policy_route "later" {
  match {
    destination = ["203.0.113.202", "203.0.113.203"]
  }
  uplink = "eth1"
}
