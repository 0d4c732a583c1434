# Failover with a 4 s failback delay and fast probes (end-to-end test: a flapping primary gets
# traffic back only after it has itself stayed up for the whole delay; so does a policy route).
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan { priority = 1 }
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
  wan { priority = 2 }
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
  mode           = "failover"
  failback_delay = "4s"
  member "eth0" {}
  member "eth1" {}
}

policy_route "office" {
  match {
    destination = ["203.0.113.203"]
  }
  uplink = "eth0"
}
