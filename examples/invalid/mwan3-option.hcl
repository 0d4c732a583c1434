# Wrong: track_ip is how OpenWrt's mwan3 names probe targets; flywall has a health_check block.

interface "eth0" {
  zone     = "WAN"
  dhcp     = true
  track_ip = ["1.1.1.1", "8.8.8.8"]

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
