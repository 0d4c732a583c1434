# Wrong: priority takes a number (lower is preferred), not a word like "high".

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = "high"
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

  member "eth0" {}
  member "eth1" {}
}
