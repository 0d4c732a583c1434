# Wrong: "link_down" is not a notification event; the event for a dead uplink is "wan_down".

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
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

notifications {
  webhook {
    url    = "https://hooks.example.com/services/flywall"
    events = ["link_down", "failover"]
  }
}
