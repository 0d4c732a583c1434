# Wrong: the wan block of eth0 is not closed, so the next interface block ends up inside it.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1

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
