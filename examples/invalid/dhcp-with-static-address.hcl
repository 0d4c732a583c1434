# Wrong: the WAN takes its address from DHCP and also has a static address and gateway.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  # Left over from before the ISP switched to DHCP
  address = "203.0.113.10/29"
  gateway = "203.0.113.9"

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
