# Wrong: "enp0s31f6.vlan100" is 17 characters; Linux interface names have at most 15.

interface "eth0" {
  zone = "WAN"
  dhcp = true

  wan {
    priority = 1
  }
}

# The second ISP arrives tagged as VLAN 100 on the onboard port
interface "enp0s31f6.vlan100" {
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

  member "enp0s31f6.vlan100" {
    priority = 2
  }
}
