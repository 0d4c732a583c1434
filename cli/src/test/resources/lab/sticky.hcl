# Two uplinks balanced 1:1, sticky per LAN source (end-to-end test).
interface "eth0" {
  zone = "WAN"
  dhcp = true
  wan {
    priority = 1
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

uplink_group "default" {
  mode           = "balance"
  sticky         = true
  sticky_timeout = "1h"
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
