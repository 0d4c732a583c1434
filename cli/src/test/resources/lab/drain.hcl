# Pin against drain (LabDrainTest): the default group prefers eth0; "office" (tcp to .203) is bound
# to the interface eth0, "bulk" (tcp to .201) to the group; .202 has no route: the default group.
# The health checks ping .200 and .201 (ICMP: the tcp-only routes never match them).
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { priority = 1 }
  health_check {
    targets        = ["1.1.1.1", "9.9.9.9"]
    interval       = "500ms"
    timeout        = "300ms"
    threshold_down = 3
    threshold_up   = 2
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true
  wan { priority = 2 }
  health_check {
    targets        = ["1.1.1.1", "9.9.9.9"]
    interval       = "500ms"
    timeout        = "300ms"
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
}

policy_route "office" {
  match {
    protocol    = "tcp"
    destination = ["203.0.113.203"]
  }
  uplink = "eth0"
}

policy_route "bulk" {
  match {
    protocol    = "tcp"
    destination = ["203.0.113.201"]
  }
  uplink = "default"
}
