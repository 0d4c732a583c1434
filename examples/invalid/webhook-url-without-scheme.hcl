# Wrong: the webhook URL lacks its scheme; flywall needs an absolute http:// or https:// URL.

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
    url    = "hooks.example.com/services/flywall"
    events = ["wan_down", "failover"]
  }
}
