# Three uplinks balanced 1:1:1, sticky per LAN source for an hour (end-to-end test: 100 sources
# across a member failure and return).
interface "eth0" {
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

interface "eth1" {
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
  mode           = "balance"
  sticky         = true
  sticky_timeout = "1h"
  member "eth0" {}
  member "eth1" {}
  member "eth3" {}
}
