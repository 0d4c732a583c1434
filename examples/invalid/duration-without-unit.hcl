# Wrong: interval is written as a bare number; durations need a unit, as in "5s".

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }

  health_check {
    targets        = ["1.1.1.1", "8.8.8.8"]
    interval       = 5
    threshold_down = 3
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
  }
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "eth1" {
    priority = 2
  }
}
