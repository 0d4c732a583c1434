# Wrong: a weight of 0 to "switch a link off" is out of range (1-1000); remove the member instead.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = 3
  }
}

interface "eth1" {
  zone = "WAN"
  dhcp = true

  wan {
    weight = 1
  }
}

uplink_group "balanced" {
  mode = "balance"

  member "eth0" { weight = 3 }
  member "eth1" { weight = 0 }
}
