# Wrong: "threshhold_down" in the health check is misspelt (threshold_down).

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }

  health_check {
    targets         = ["1.1.1.1", "8.8.8.8"]
    interval        = "5s"
    threshhold_down = 3
    threshold_up    = 2
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
