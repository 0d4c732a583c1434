# Cable primary with an LTE USB modem as a backup that is only used when the cable is down.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

# LTE USB modem appears as usb0
interface "usb0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 10 # Only use when primary is down
  }

  health_check {
    # More aggressive checks for the backup
    interval       = "10s"
    threshold_down = 2
    threshold_up   = 3
  }
}

interface "eth1" {
  zone    = "LAN"
  address = "192.168.10.1/24"
}

uplink_group "default" {
  mode     = "failover"
  failback = "auto"

  member "eth0" {
    priority = 1
  }

  member "usb0" {
    priority = 10
  }
}
