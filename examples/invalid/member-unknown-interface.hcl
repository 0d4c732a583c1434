# Wrong: the member "eht1" names no interface (a typo for eth1).

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

  member "eht1" {
    priority = 2
  }
}

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}
