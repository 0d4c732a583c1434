# Wrong: the LTE interface has no zone; every interface needs one.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

interface "usb0" {
  dhcp = true

  wan {
    priority = 10
  }
}

uplink_group "default" {
  mode = "failover"

  member "eth0" {
    priority = 1
  }

  member "usb0" {
    priority = 10
  }
}
