# Wrong: the health check is switched to type "http" but has no url to request.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }

  health_check {
    type            = "http"
    expected_status = 204
    interval        = "10s"
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
