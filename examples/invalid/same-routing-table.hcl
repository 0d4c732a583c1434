# Wrong: both WANs claim routing table 100, so their routes would overwrite each other.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
    table    = 100
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 2
    table    = 100
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

interface "lan0" {
  zone    = "LAN"
  address = "192.168.1.1/24"
}
